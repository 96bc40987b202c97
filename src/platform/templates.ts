import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/**
 * Default email templates from templates/: `<name>.subject.hbs`, `<name>.html.hbs`, `<name>.text.hbs`,
 * wrapped in layouts/main.html.hbs, with the partials of partials/. Each template declares the
 * variables it may use in `<name>.meta.json` (`{ "description", "variables": <sample data> }`);
 * `brand` is always there. A website's overrides (stored in the database by
 * notifications/email-templates) render through the same function, given as `overrides`.
 */
export const TEMPLATE_NAMES = [
  'welcome',
  'password-reset',
  'payment-receipt',
  'payment-reminder',
  'installment-overdue',
  'writer-request-closed',
  'notification',
  'notification-digest',
  'deadline-reminder',
  'review-request',
  'monthly-statement',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The project's templates/ folder, found from src/platform or from the build's dist/src/platform. */
function findTemplatesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('templates/: no package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return path.join(dir, 'templates');
}
const templatesDir = findTemplatesDir();

const hbs = Handlebars.create();
let compiled: Map<string, HandlebarsTemplateDelegate> | undefined;

export const TEMPLATE_PARTS = ['subject', 'html', 'text'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];

/**
 * Every template of templates/ (a `<name>.subject.hbs` file makes one), TEMPLATE_NAMES included:
 * a template added to the folder is sent, overridden and previewed without a list to update.
 */
export function templateNames(): string[] {
  const names = new Set<string>(TEMPLATE_NAMES);
  for (const file of readdirSync(templatesDir)) {
    const match = /^(.+)\.subject\.hbs$/.exec(file);
    if (match) names.add(match[1]!);
  }
  return [...names].sort();
}

/** The partials of templates/partials/ (`button`, `footer`, …), by name. */
export function partialNames(): string[] {
  return readdirSync(path.join(templatesDir, 'partials'))
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => file.replace(/\.hbs$/, ''))
    .sort();
}

/** The default source of a template's part, of the layout (`layout`) or of a partial (`partial:<name>`). */
export function defaultSource(key: string, part: TemplatePart = 'html'): string {
  if (key === 'layout') return readFileSync(path.join(templatesDir, 'layouts', 'main.html.hbs'), 'utf8');
  if (key.startsWith('partial:')) return readFileSync(path.join(templatesDir, 'partials', `${key.slice(8)}.hbs`), 'utf8');
  return readFileSync(path.join(templatesDir, `${key}.${part}.hbs`), 'utf8');
}

export interface TemplateMeta {
  description: string;
  /**
   * Variables that carry a credential (a password-reset token and its link). A template with
   * secrets is never overridden by a website, nor wrapped in a website's layout or partials: an
   * override could send the secret elsewhere (an image URL), so it renders from templates/ only.
   */
  secrets: string[];
  /** Sample data: its paths are the variables the template may use; the preview renders with it. */
  variables: Record<string, unknown>;
}

/** The brand every email has (the layout reads it); its sample for previews. */
export const SAMPLE_BRAND = { name: 'Scriptorium Essays', color: '#4f46e5', supportEmail: 'support@scriptorium.test' };

/**
 * What a template (`<name>.meta.json`), the layout (`layouts/main.meta.json`) or a partial
 * (`partials/<name>.meta.json`) declares; `brand` is always added. Without a meta file a
 * template may use `brand` only.
 */
export function templateMeta(key: string): TemplateMeta {
  const file =
    key === 'layout'
      ? path.join(templatesDir, 'layouts', 'main.meta.json')
      : key.startsWith('partial:')
        ? path.join(templatesDir, 'partials', `${key.slice(8)}.meta.json`)
        : path.join(templatesDir, `${key}.meta.json`);
  const meta = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<TemplateMeta>) : {};
  return {
    description: meta.description ?? '',
    secrets: meta.secrets ?? [],
    variables: { ...(meta.variables ?? {}), brand: SAMPLE_BRAND },
  };
}

function load(): Map<string, HandlebarsTemplateDelegate> {
  if (compiled) return compiled;
  compiled = new Map();
  for (const file of readdirSync(path.join(templatesDir, 'partials'))) {
    if (!file.endsWith('.hbs')) continue;
    hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(templatesDir, 'partials', file), 'utf8'));
  }
  hbs.registerPartial('layout', readFileSync(path.join(templatesDir, 'layouts', 'main.html.hbs'), 'utf8'));
  for (const name of templateNames()) {
    for (const part of TEMPLATE_PARTS) {
      const source = readFileSync(path.join(templatesDir, `${name}.${part}.hbs`), 'utf8');
      compiled.set(`${name}.${part}`, hbs.compile(source, { strict: true, noEscape: part !== 'html' }));
    }
  }
  return compiled;
}

/**
 * A website's own sources, each replacing the default it names: the template's parts (a part
 * left null keeps the default), the layout, partials by name.
 */
export interface TemplateOverrides {
  template?: Partial<Record<TemplatePart, string | null>> | null;
  layout?: string | null;
  partials?: Record<string, string>;
}

/** Overrides compiled once per source (bounded: edits make new sources). */
const compiledOverrides = new Map<string, HandlebarsTemplateDelegate>();
function compileOverride(part: TemplatePart, source: string): HandlebarsTemplateDelegate {
  const cacheKey = `${part}\u0000${source}`;
  let template = compiledOverrides.get(cacheKey);
  if (!template) {
    if (compiledOverrides.size >= 500) compiledOverrides.clear();
    template = hbs.compile(source, { strict: true, noEscape: part !== 'html' });
    compiledOverrides.set(cacheKey, template);
  }
  return template;
}

export function renderEmail(
  name: TemplateName | (string & {}),
  data: Record<string, unknown>,
  overrides?: TemplateOverrides,
): { subject: string; html: string; text: string } {
  const templates = load();
  if (!templates.has(`${name}.subject`)) throw new Error(`Unknown email template "${name}"`);
  const partials: Record<string, string> = { ...(overrides?.partials ?? {}) };
  if (overrides?.layout) partials.layout = overrides.layout;
  const options = Object.keys(partials).length ? { partials } : undefined;
  const render = (part: TemplatePart) => {
    const own = overrides?.template?.[part];
    const template = own ? compileOverride(part, own) : templates.get(`${name}.${part}`)!;
    return template(data, options);
  };
  return { subject: render('subject').trim(), html: render('html'), text: render('text') };
}

// ---- a body rendered by its sender, in the default layout (mass email campaigns) ----------------

let layoutWrapper: HandlebarsTemplateDelegate | undefined;

/**
 * Wraps HTML its sender rendered itself (a campaign's own Handlebars body, already escaped) in the
 * default layout and footer of templates/, with the website's brand.
 */
export function renderInLayout(bodyHtml: string, brand: { name: string; color?: string; supportEmail?: string }): string {
  load();
  layoutWrapper ??= hbs.compile('{{#> layout}}{{{bodyHtml}}}{{/layout}}', { strict: true });
  return layoutWrapper({ bodyHtml, brand });
}
