import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/**
 * Default email templates from templates/: `<name>.subject.hbs`, `<name>.html.hbs`, `<name>.text.hbs`,
 * wrapped in layouts/main.html.hbs. Per-website overrides (stored in the database) come with the
 * notifications area and render through the same function.
 */
export const TEMPLATE_NAMES = [
  'welcome',
  'password-reset',
  'payment-receipt',
  'payment-reminder',
  'installment-overdue',
  'writer-request-closed',
  'deadline-reminder',
  'review-request',
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

function load(): Map<string, HandlebarsTemplateDelegate> {
  if (compiled) return compiled;
  compiled = new Map();
  for (const file of readdirSync(path.join(templatesDir, 'partials'))) {
    hbs.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(templatesDir, 'partials', file), 'utf8'));
  }
  hbs.registerPartial('layout', readFileSync(path.join(templatesDir, 'layouts', 'main.html.hbs'), 'utf8'));
  for (const name of TEMPLATE_NAMES) {
    for (const part of ['subject', 'html', 'text']) {
      const source = readFileSync(path.join(templatesDir, `${name}.${part}.hbs`), 'utf8');
      compiled.set(`${name}.${part}`, hbs.compile(source, { strict: true, noEscape: part !== 'html' }));
    }
  }
  return compiled;
}

export function renderEmail(name: TemplateName, data: Record<string, unknown>): { subject: string; html: string; text: string } {
  const templates = load();
  const render = (part: string) => templates.get(`${name}.${part}`)!(data);
  return { subject: render('subject').trim(), html: render('html'), text: render('text') };
}
