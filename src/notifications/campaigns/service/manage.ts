import { recordAudit } from '../../../audit/index.js';
import { brandOf, portalBaseUrl, User } from '../../../identity/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { ctx } from '../../../platform/context.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed, type FieldErrors } from '../../../platform/errors.js';
import { Website } from '../../../tenancy/index.js';
import { EmailCampaign } from '../models.js';
import { canManageCampaigns } from '../policy.js';
import { compileCampaign, unsubscribeToken } from '../render.js';
import { audienceText, resumedStatus } from '../rules.js';
import {
  assertTransition,
  assertWebsiteExists,
  audienceOrFail,
  auditFacts,
  checkTemplates,
  lockManagedCampaign,
  recountCampaign,
  text,
  websiteOfAudience,
} from './common.js';

/**
 * The staff side of campaigns: write one (while draft), schedule it, pause, resume or cancel it,
 * and send a test to oneself. Each is one transaction, authorised here (admins of the website, a
 * superadmin) and audited; the sending itself is the job's (send.ts).
 */
export interface CampaignInput {
  name?: unknown;
  subject?: unknown;
  html?: unknown;
  audience?: unknown;
  throttlePerMinute?: unknown;
}

function throttleOf(value: unknown, fields: FieldErrors): number {
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,6}$/.test(s) || Number(s) < 1 || Number(s) > 100_000) {
    fields.throttlePerMinute = 'must be a whole number from 1 to 100000 (emails a minute)';
    return 0;
  }
  return Number(s);
}

function parse(actor: Actor, input: CampaignInput, current?: EmailCampaign) {
  const fields: FieldErrors = {};
  const name = text(input.name ?? current?.name, 'name', 120, fields);
  const subject = text(input.subject ?? current?.subject, 'subject', 300, fields);
  const html = text(input.html ?? current?.html, 'html', 200_000, fields);
  const throttlePerMinute = throttleOf(input.throttlePerMinute ?? current?.throttlePerMinute, fields);
  checkTemplates(subject, html, fields);
  let audience: ReturnType<typeof audienceOrFail> | undefined;
  try {
    audience = audienceOrFail(input.audience ?? current?.audience);
  } catch (err) {
    Object.assign(fields, (err as { fields?: FieldErrors }).fields);
  }
  let websiteId: number | undefined;
  if (audience) {
    try {
      websiteId = websiteOfAudience(actor, audience, 'audience', current?.websiteId);
    } catch (err) {
      Object.assign(fields, (err as { fields?: FieldErrors }).fields);
    }
  }
  if (Object.keys(fields).length) throw ValidationFailed(fields, 'Invalid campaign');
  return { name, subject, html, throttlePerMinute, audience: audienceText(audience!), websiteId: websiteId! };
}

export async function createCampaign(actor: Actor, input: CampaignInput): Promise<EmailCampaign> {
  const values = parse(actor, input);
  if (!canManageCampaigns(actor, values.websiteId)) throw Forbidden('Only admins of the website write campaigns');
  await assertWebsiteExists(values.websiteId);
  return inTransaction(async () => {
    const campaign = await EmailCampaign.create({ ...values, createdBy: actor.userId });
    await recordAudit(actor, {
      action: 'email_campaign.create',
      targetType: 'email_campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      after: { name: campaign.name, subject: campaign.subject, audience: campaign.audience, throttlePerMinute: campaign.throttlePerMinute },
    });
    return campaign;
  });
}

/** Only a draft is edited: what was scheduled or sent stays what it was. */
export async function updateCampaign(actor: Actor, campaignId: number, input: CampaignInput): Promise<EmailCampaign> {
  return inTransaction(async () => {
    const campaign = await lockManagedCampaign(actor, campaignId);
    assertTransition(campaign, 'edit');
    const values = parse(actor, input, campaign);
    if (values.websiteId !== campaign.websiteId) throw ValidationFailed({ audience: 'websiteId: a campaign stays on its website' });
    const before = {
      name: campaign.name,
      subject: campaign.subject,
      html: campaign.html,
      audience: campaign.audience,
      throttlePerMinute: campaign.throttlePerMinute,
    };
    await campaign.update({
      name: values.name,
      subject: values.subject,
      html: values.html,
      audience: values.audience,
      throttlePerMinute: values.throttlePerMinute,
    });
    await recordAudit(actor, {
      action: 'email_campaign.update',
      targetType: 'email_campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      before,
      after: {
        name: campaign.name,
        subject: campaign.subject,
        html: campaign.html,
        audience: campaign.audience,
        throttlePerMinute: campaign.throttlePerMinute,
      },
    });
    return campaign;
  });
}

/** A human types "now" a little late: a time up to this far in the past counts as now. */
const NOW_GRACE_MS = 2 * 60_000;

/** `at`: an ISO date-time, now or later (empty or "now": now). */
export function parseSendAt(at: unknown, now: Date): Date {
  const s = typeof at === 'string' ? at.trim() : at instanceof Date ? at.toISOString() : '';
  if (!s || s.toLowerCase() === 'now') return now;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s))
    throw ValidationFailed({ at: 'must be an ISO date-time with its offset, e.g. 2026-12-24T09:00:00Z (or "now")' });
  const when = new Date(s);
  if (Number.isNaN(when.getTime())) throw ValidationFailed({ at: 'is not a valid date-time' });
  if (when.getTime() < now.getTime() - NOW_GRACE_MS) throw ValidationFailed({ at: 'is in the past: choose now or later' });
  return when < now ? now : when;
}

export async function scheduleCampaign(actor: Actor, campaignId: number, at: unknown): Promise<EmailCampaign> {
  const now = clock.now();
  const when = parseSendAt(at, now);
  return inTransaction(async () => {
    const campaign = await lockManagedCampaign(actor, campaignId);
    assertTransition(campaign, 'schedule');
    const before = auditFacts(campaign);
    await campaign.update({ status: 'scheduled', scheduledAt: when });
    await recordAudit(actor, {
      action: 'email_campaign.schedule',
      targetType: 'email_campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      before,
      after: auditFacts(campaign),
    });
    return campaign;
  });
}

async function move(actor: Actor, campaignId: number, transition: 'pause' | 'resume' | 'cancel', reason?: unknown): Promise<EmailCampaign> {
  return inTransaction(async () => {
    const campaign = await lockManagedCampaign(actor, campaignId);
    assertTransition(campaign, transition);
    const before = auditFacts(campaign);
    if (transition === 'pause') await campaign.update({ status: 'paused' });
    else if (transition === 'resume') await campaign.update({ status: resumedStatus(campaign.startedAt) });
    else {
      await campaign.update({ status: 'cancelled', finishedAt: clock.now() });
      // What waits is skipped; a row a worker holds is skipped by that worker (it re-reads the status before each send).
      await sql(
        `UPDATE email_campaign_recipients SET status = 'skipped', claim_token = NULL, lease_until = NULL WHERE campaign_id = $1 AND status = 'queued'`,
        [campaign.id],
      );
      await recountCampaign(campaign.id);
      await campaign.reload();
    }
    await recordAudit(actor, {
      action: `email_campaign.${transition}`,
      targetType: 'email_campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      before,
      after: auditFacts(campaign),
      reason: typeof reason === 'string' && reason.trim() ? reason.trim().slice(0, 500) : undefined,
    });
    return campaign;
  });
}

export const pauseCampaign = (actor: Actor, campaignId: number) => move(actor, campaignId, 'pause');
export const resumeCampaign = (actor: Actor, campaignId: number) => move(actor, campaignId, 'resume');
export const cancelCampaign = (actor: Actor, campaignId: number, reason?: unknown) => move(actor, campaignId, 'cancel', reason);

/** The unsubscribe link of an address on a website. */
export const unsubscribeUrlFor = (website: Website, claim: Parameters<typeof unsubscribeToken>[0]) =>
  `${portalBaseUrl(website)}/api/v1/email/unsubscribe?token=${unsubscribeToken(claim)}`;

/** The campaign's headers: RFC 2369 List-Unsubscribe and RFC 8058 one-click. */
export const campaignHeaders = (unsubscribeUrl: string) => ({
  'List-Unsubscribe': `<${unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/**
 * Sends the campaign, as its recipients would get it, to the signed-in staff member's own address
 * (any status: a test changes nothing). Audited in its own transaction, sent after it commits.
 */
export async function sendCampaignTest(actor: Actor, campaignId: number): Promise<{ to: string }> {
  const { campaign, me, website } = await inTransaction(async () => {
    const campaign = await lockManagedCampaign(actor, campaignId);
    const me = actor.userId === null ? null : await User.findByPk(actor.userId);
    if (!me) throw NotFound('Your account');
    const website = await Website.findByPk(campaign.websiteId);
    if (!website) throw NotFound('Website');
    await recordAudit(actor, {
      action: 'email_campaign.send_test',
      targetType: 'email_campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      after: { to: me.email },
    });
    return { campaign, me, website };
  });
  const brand = brandOf(website);
  const unsubscribeUrl = unsubscribeUrlFor(website, { websiteId: website.id, email: me.email, userId: me.id, campaignId: campaign.id });
  const rendered = compileCampaign(campaign, brand, website.name)({ email: me.email, displayName: me.displayName, unsubscribeUrl });
  await ctx().mailer.send({
    to: me.email,
    brand,
    kind: 'campaign-test',
    rendered: { ...rendered, subject: `[Test] ${rendered.subject}` },
    headers: campaignHeaders(unsubscribeUrl),
  });
  return { to: me.email };
}
