import { partialNames, templateMeta, templateNames, TEMPLATE_PARTS, type TemplatePart } from '../../platform/templates.js';
import { checkTemplate, partialsUsed, variablePaths, type TemplateProblem } from './check.js';

/**
 * What may be overridden and how a source is judged. Keys: a template's name (`payment-receipt`:
 * subject, html, text), `layout` (the HTML frame, html only) and `partial:<name>` (a partial of
 * templates/partials/, html only).
 */
export type KeyKind = 'template' | 'layout' | 'partial';

export function overridableKeys(): string[] {
  return [...templateNames(), 'layout', ...partialNames().map((name) => `partial:${name}`)];
}

export function kindOfKey(key: string): KeyKind | null {
  if (key === 'layout') return 'layout';
  if (key.startsWith('partial:')) return partialNames().includes(key.slice(8)) ? 'partial' : null;
  return templateNames().includes(key) ? 'template' : null;
}

/** The parts a key's override holds: a template's three, the layout's and a partial's html. */
export const partsOf = (kind: KeyKind): readonly TemplatePart[] => (kind === 'template' ? TEMPLATE_PARTS : ['html']);

/** The variables a key's sources may use (paths, for the editor's list). */
export const variablesOf = (key: string): string[] => variablePaths(templateMeta(key).variables);

/** Per part: the first problem of each part's source, as field errors naming the variable. */
export function sourceProblems(key: string, sources: Partial<Record<TemplatePart, string | null>>): Record<string, string> {
  const kind = kindOfKey(key);
  if (!kind) return { key: 'is not a template, the layout or a partial' };
  const { variables } = templateMeta(key);
  const partials = kind === 'template' ? ['layout', ...partialNames()] : partialNames().filter((p) => `partial:${p}` !== key);
  const fields: Record<string, string> = {};
  for (const part of partsOf(kind)) {
    const source = sources[part];
    if (!source) continue;
    const problems: TemplateProblem[] = checkTemplate(source, {
      variables,
      partials,
      partialBlock: kind === 'layout' ? 'required' : kind === 'partial' ? 'allowed' : 'forbidden',
      html: part === 'html',
    });
    if (problems.length) {
      const first = problems[0]!;
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
      fields[part] = `${first.message}${first.line ? ` on line ${first.line}` : ''}${more}`;
    }
  }
  return fields;
}

/**
 * A chain of partials that includes itself (`button` -> `footer` -> `button`), given every
 * partial's source as the website would use it, or null. Each source is checked alone, so two
 * partials that include each other pass that check; rendering them would recurse until the stack
 * runs out, at send time.
 */
export function partialCycle(sources: Readonly<Record<string, string>>): string[] | null {
  const done = new Set<string>();
  const walk = (name: string, path: string[]): string[] | null => {
    if (path.includes(name)) return [...path.slice(path.indexOf(name)), name];
    if (done.has(name) || sources[name] === undefined) return null;
    for (const next of partialsUsed(sources[name])) {
      const cycle = walk(next, [...path, name]);
      if (cycle) return cycle;
    }
    done.add(name);
    return null;
  };
  for (const name of Object.keys(sources)) {
    const cycle = walk(name, []);
    if (cycle) return cycle;
  }
  return null;
}
