import { recordAudit } from '../../../audit/index.js';
import { brandOf, User } from '../../../identity/index.js';
import type { Actor } from '../../../platform/actor.js';
import { ctx } from '../../../platform/context.js';
import { inTransaction } from '../../../platform/database.js';
import { NotFound, ValidationFailed } from '../../../platform/errors.js';
import { renderEmail, templateMeta, templateNames, type TemplateOverrides } from '../../../platform/templates.js';
import { Website } from '../../../tenancy/index.js';
import { EmailTemplate } from '../models.js';
import { canManageEmailTemplates } from '../policy.js';
import { kindOfKey, variablesOf } from '../rules.js';
import { activeOverrides } from './delivery.js';

/**
 * An override rendered with its template's sample data (`templates/<name>.meta.json`) in the
 * website's brand, with the website's other active overrides (layout, partials) — what the
 * recipient would see. The layout and partials are shown inside a sample email.
 */
export interface EmailPreview {
  key: string;
  version: number;
  /** The template the preview renders (the layout and partials show inside a sample one). */
  renderedAs: string;
  subject: string;
  html: string;
  text: string;
  variables: string[];
}

async function readable(actor: Actor, id: number): Promise<{ template: EmailTemplate; website: Website }> {
  const template = Number.isSafeInteger(id) && id > 0 ? await EmailTemplate.findByPk(id) : null;
  if (!template || !canManageEmailTemplates(actor, template.websiteId)) throw NotFound('Email template');
  return { template, website: (await Website.findByPk(template.websiteId))! };
}

/** A sample email to show the layout or a partial in. */
const sampleTemplateName = (): string => (templateNames().includes('welcome') ? 'welcome' : templateNames()[0]!);

async function render(template: EmailTemplate, website: Website): Promise<EmailPreview> {
  const kind = kindOfKey(template.key);
  if (!kind) throw ValidationFailed({ key: 'is no longer a template of templates/' });
  const name = kind === 'template' ? template.key : sampleTemplateName();
  const others = await activeOverrides(website.id, name);
  const overrides: TemplateOverrides = { template: others?.template, layout: others?.layout, partials: { ...(others?.partials ?? {}) } };
  if (kind === 'template') overrides.template = { subject: template.subject, html: template.html, text: template.text };
  if (kind === 'layout') overrides.layout = template.html;
  if (kind === 'partial' && template.html) overrides.partials![template.key.slice(8)] = template.html;
  const data = { ...templateMeta(name).variables, brand: brandOf(website) };
  try {
    const rendered = renderEmail(name, data, overrides);
    return { key: template.key, version: template.version, renderedAs: name, ...rendered, variables: variablesOf(template.key) };
  } catch (err) {
    throw ValidationFailed({ html: String((err as Error).message).split('\n')[0]! }, 'The template does not render with its sample data');
  }
}

export async function previewEmailTemplate(actor: Actor, id: number): Promise<EmailPreview> {
  const { template, website } = await readable(actor, id);
  return render(template, website);
}

/** Sends the rendered override to the signed-in staff member's own address, through the mailer (and its records). */
export async function testSendEmailTemplate(actor: Actor, id: number): Promise<{ to: string; messageId: string }> {
  const { template, website, preview, to } = await inTransaction(async () => {
    const found = await readable(actor, id);
    const staff = actor.userId ? await User.findByPk(actor.userId, { attributes: ['id', 'email'] }) : null;
    if (!staff?.email) throw ValidationFailed({ to: 'your account has no email address' });
    const rendered = await render(found.template, found.website);
    await recordAudit(actor, {
      action: 'email_template.test_send',
      targetType: 'email_template',
      targetId: found.template.id,
      websiteId: found.template.websiteId,
      after: { to: staff.email, version: found.template.version },
    });
    return { ...found, preview: rendered, to: staff.email };
  });
  const sent = await ctx().mailer.send({
    to,
    websiteId: website.id,
    brand: brandOf(website),
    kind: template.key,
    templateVersion: template.version,
    rendered: { subject: `[Test] ${preview.subject}`, html: preview.html, text: preview.text },
  });
  return { to, messageId: sent.messageId };
}
