import { z } from 'zod';
import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { currentTransaction, inTransaction } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed, type FieldErrors } from '../../../platform/errors.js';
import { Website } from '../../../tenancy/index.js';
import { EmailTemplate, EmailTemplateVersion } from '../models.js';
import { canManageEmailTemplates } from '../policy.js';
import { defaultSource, partialNames, templateMeta, type TemplatePart } from '../../../platform/templates.js';
import { kindOfKey, partialCycle, partsOf, sourceProblems } from '../rules.js';

/**
 * A website's overrides of its email templates: create, edit (a new version each time), roll back
 * to an earlier version (a new version holding the old content). Every source is checked before it
 * is saved (it compiles, it reads only declared variables), so sending never meets a bad one.
 */
export interface EmailTemplateInput {
  key?: unknown;
  subject?: unknown;
  html?: unknown;
  text?: unknown;
  active?: unknown;
  /** A superadmin acting across websites names the website. */
  websiteId?: unknown;
}

const MAX_SOURCE = 100_000;
const sourceSchema = z.string().max(MAX_SOURCE, `must be at most ${MAX_SOURCE} characters`);

type Sources = Record<TemplatePart, string | null>;

const snapshot = (t: EmailTemplate) => ({
  key: t.key,
  subject: t.subject,
  html: t.html,
  text: t.text,
  active: t.active,
  version: t.version,
});

/** The sources of the input (a field not sent keeps `current`'s; an empty one falls back to the default). */
function parseSources(key: string, input: EmailTemplateInput, current?: EmailTemplate): Sources {
  const kind = kindOfKey(key);
  if (!kind) throw ValidationFailed({ key: 'is not a template, the layout or a partial' }, `Unknown template "${key}"`);
  const fields: FieldErrors = {};
  const sources: Sources = { subject: null, html: null, text: null };
  for (const part of partsOf(kind)) {
    const raw = input[part] === undefined ? (current?.[part] ?? null) : input[part];
    if (raw === null || raw === '') continue;
    const parsed = sourceSchema.safeParse(raw);
    if (!parsed.success) fields[part] = parsed.error.issues[0]?.message ?? 'is invalid';
    else sources[part] = parsed.data.trim() ? parsed.data : null;
  }
  if (!fields.html && kind !== 'template' && !sources.html)
    fields.html = `is required for ${kind === 'layout' ? 'the layout' : 'a partial'}`;
  if (kind === 'template' && !sources.subject && !sources.html && !sources.text)
    fields.subject = 'override at least one of subject, html and text';
  if (Object.keys(fields).length) throw ValidationFailed(fields, 'Invalid email template');
  const problems = sourceProblems(key, sources);
  if (Object.keys(problems).length) {
    const [part, problem] = Object.entries(problems)[0]!;
    throw ValidationFailed(problems, `The ${part} of ${key} cannot be saved: ${problem}`);
  }
  return sources;
}

const activeOf = (input: EmailTemplateInput, current?: EmailTemplate): boolean =>
  input.active === undefined || input.active === '' ? (current?.active ?? true) : input.active === true || input.active === 'true';

function websiteOf(actor: Actor, input: EmailTemplateInput): number {
  if (actor.websiteId !== null) return actor.websiteId;
  const raw =
    typeof input.websiteId === 'number' ? String(input.websiteId) : typeof input.websiteId === 'string' ? input.websiteId.trim() : '';
  if (!/^\d{1,15}$/.test(raw)) throw ValidationFailed({ websiteId: 'choose the website this override is for' });
  return Number(raw);
}

/**
 * A partial saved active must not make the website's partials include one another in a circle
 * (each alone passes the check; together they would recurse at send time).
 */
async function assertNoPartialCycle(websiteId: number, key: string, html: string | null, active: boolean): Promise<void> {
  if (kindOfKey(key) !== 'partial' || !active) return;
  const sources: Record<string, string> = Object.fromEntries(partialNames().map((name) => [name, defaultSource(`partial:${name}`)]));
  const others = await EmailTemplate.findAll({ where: { websiteId, active: true }, attributes: ['key', 'html'] });
  for (const row of others) if (row.key.startsWith('partial:') && row.html && row.key !== key) sources[row.key.slice(8)] = row.html;
  if (html) sources[key.slice(8)] = html;
  const cycle = partialCycle(sources);
  if (cycle) throw ValidationFailed({ html: `includes itself through partials: ${cycle.join(' -> ')}` }, `${key} cannot be saved`);
}

async function addVersion(t: EmailTemplate, actor: Actor, change: EmailTemplateVersion['change'], restoredFrom: number | null = null) {
  await EmailTemplateVersion.create({
    templateId: t.id,
    websiteId: t.websiteId,
    key: t.key,
    version: t.version,
    subject: t.subject,
    html: t.html,
    text: t.text,
    active: t.active,
    authorId: actor.userId,
    change,
    restoredFrom,
  });
}

export async function createEmailTemplate(actor: Actor, input: EmailTemplateInput): Promise<EmailTemplate> {
  const websiteId = websiteOf(actor, input);
  if (!canManageEmailTemplates(actor, websiteId)) throw Forbidden('Only admins of the website edit its email templates');
  if (!(await Website.findByPk(websiteId, { attributes: ['id'] })))
    throw ValidationFailed({ websiteId: `there is no website ${websiteId}` });
  const key = typeof input.key === 'string' ? input.key.trim() : '';
  if (!key) throw ValidationFailed({ key: 'is required' });
  const { secrets } = templateMeta(key);
  if (secrets.length)
    throw ValidationFailed(
      { key: `carries a sign-in secret (${secrets.join(', ')}) and is never overridden: it is sent as templates/ has it` },
      `${key} cannot be overridden`,
    );
  const sources = parseSources(key, input);
  return inTransaction(async () => {
    if (await EmailTemplate.findOne({ where: { websiteId, key } }))
      throw ValidationFailed({ key: 'already has an override on this website: edit it' }, `${key} is already overridden`);
    await assertNoPartialCycle(websiteId, key, sources.html, activeOf(input));
    const template = await EmailTemplate.create({
      websiteId,
      key,
      ...sources,
      active: activeOf(input),
      version: 1,
      authorId: actor.userId,
    });
    await addVersion(template, actor, 'create');
    await recordAudit(actor, {
      action: 'email_template.create',
      targetType: 'email_template',
      targetId: template.id,
      websiteId,
      after: snapshot(template),
    });
    return template;
  });
}

/** The override, locked, if the actor manages its website (else not found / forbidden). */
async function lockedTemplate(actor: Actor, id: number): Promise<EmailTemplate> {
  const template =
    Number.isSafeInteger(id) && id > 0 ? await EmailTemplate.findByPk(id, { lock: currentTransaction()!.LOCK.UPDATE }) : null;
  if (!template || !canManageEmailTemplates(actor, template.websiteId)) throw NotFound('Email template');
  return template;
}

export async function updateEmailTemplate(actor: Actor, id: number, input: EmailTemplateInput): Promise<EmailTemplate> {
  return inTransaction(async () => {
    const template = await lockedTemplate(actor, id);
    if (typeof input.key === 'string' && input.key.trim() && input.key.trim() !== template.key)
      throw ValidationFailed({ key: 'cannot change: create an override of the other template' });
    const sources = parseSources(template.key, input, template);
    const active = activeOf(input, template);
    const before = snapshot(template);
    const changed = (Object.keys(sources) as TemplatePart[]).some((p) => sources[p] !== template[p]) || active !== template.active;
    if (!changed) return template;
    await assertNoPartialCycle(template.websiteId, template.key, sources.html, active);
    await template.update({ ...sources, active, version: template.version + 1, authorId: actor.userId });
    await addVersion(template, actor, 'edit');
    await recordAudit(actor, {
      action: 'email_template.update',
      targetType: 'email_template',
      targetId: template.id,
      websiteId: template.websiteId,
      before,
      after: snapshot(template),
    });
    return template;
  });
}

/** Brings back an earlier version's content as a new version (checked again: the declared variables may have changed since). */
export async function rollbackEmailTemplate(actor: Actor, id: number, toVersion: unknown, reason?: string): Promise<EmailTemplate> {
  const version = Number(toVersion);
  if (!Number.isSafeInteger(version) || version < 1) throw ValidationFailed({ version: 'choose a version' });
  return inTransaction(async () => {
    const template = await lockedTemplate(actor, id);
    if (version === template.version) throw ValidationFailed({ version: `is the current version (${version})` });
    const old = await EmailTemplateVersion.findOne({ where: { templateId: template.id, version } });
    if (!old) throw ValidationFailed({ version: `version ${version} does not exist` });
    const sources = parseSources(template.key, { subject: old.subject, html: old.html, text: old.text });
    await assertNoPartialCycle(template.websiteId, template.key, sources.html, old.active);
    const before = snapshot(template);
    await template.update({ ...sources, active: old.active, version: template.version + 1, authorId: actor.userId });
    await addVersion(template, actor, 'rollback', version);
    await recordAudit(actor, {
      action: 'email_template.rollback',
      targetType: 'email_template',
      targetId: template.id,
      websiteId: template.websiteId,
      before,
      after: { ...snapshot(template), restoredFrom: version },
      ...(reason ? { reason } : {}),
    });
    return template;
  });
}

export interface TemplateVersionView {
  version: number;
  change: string;
  restoredFrom: number | null;
  authorId: number | null;
  createdAt: Date;
  subject: string | null;
  active: boolean;
}

/** The versions of an override, newest first (the rollback screen offers them). */
export async function emailTemplateVersions(actor: Actor, id: number): Promise<TemplateVersionView[]> {
  const template = Number.isSafeInteger(id) && id > 0 ? await EmailTemplate.findByPk(id) : null;
  if (!template || !canManageEmailTemplates(actor, template.websiteId)) throw NotFound('Email template');
  const rows = await EmailTemplateVersion.findAll({ where: { templateId: template.id }, order: [['version', 'DESC']] });
  return rows.map((r) => ({
    version: r.version,
    change: r.change,
    restoredFrom: r.restoredFrom,
    authorId: r.authorId,
    createdAt: r.createdAt,
    subject: r.subject,
    active: r.active,
  }));
}
