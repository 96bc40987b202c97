import type { Actor } from '../../../platform/actor.js';
import { currentTransaction, sql } from '../../../platform/database.js';
import { Conflict, NotFound, ValidationFailed, type FieldErrors } from '../../../platform/errors.js';
import { Website } from '../../../tenancy/index.js';
import { EmailCampaign } from '../models.js';
import { canManageCampaigns, addressedWebsite } from '../policy.js';
import { renderSample } from '../render.js';
import { campaignTransitionApplies, parseAudience, templateProblem, type Audience, type CampaignTransition } from '../rules.js';

const validId = (id: number) => Number.isSafeInteger(id) && id > 0;

/** A campaign the actor manages, locked for the rest of the transaction; else 404 (existence stays hidden). */
export async function lockManagedCampaign(actor: Actor, campaignId: number): Promise<EmailCampaign> {
  const transaction = currentTransaction();
  if (!transaction) throw new Error('lockManagedCampaign must run inside a transaction');
  const campaign = validId(campaignId) ? await EmailCampaign.findByPk(campaignId, { lock: transaction.LOCK.UPDATE }) : null;
  if (!campaign || !canManageCampaigns(actor, campaign.websiteId)) throw NotFound('Campaign');
  return campaign;
}

/** 409 with the current status when the campaign's status does not allow the move. */
export function assertTransition(campaign: EmailCampaign, transition: CampaignTransition): void {
  if (!campaignTransitionApplies(transition, campaign.status))
    throw Conflict(`A ${campaign.status} campaign cannot ${transition === 'edit' ? 'be edited' : `be asked to ${transition}`}`, {
      currentStatus: campaign.status,
    });
}

/** The website a segment addresses for this actor, or a field error naming why not. */
export function websiteOfAudience(actor: Actor, audience: Audience, field = 'audience', current?: number): number {
  const website = addressedWebsite(actor, audience.websiteId ?? current);
  if (website === 'refused') throw ValidationFailed({ [field]: 'websiteId: only a superadmin may address another website' });
  if (website === null) throw ValidationFailed({ [field]: 'websiteId: name the website to address ({"websiteId": …})' });
  return website;
}

/** A superadmin may name any website: one that does not exist is the field's error (not a database error). */
export async function assertWebsiteExists(websiteId: number, field = 'audience'): Promise<void> {
  if (!(await Website.findByPk(websiteId, { attributes: ['id'] })))
    throw ValidationFailed({ [field]: `websiteId: there is no website ${websiteId}` }, `Invalid ${field}`);
}

export function audienceOrFail(raw: unknown, field = 'audience'): Audience {
  const parsed = parseAudience(raw);
  if ('error' in parsed) throw ValidationFailed({ [field]: parsed.error }, `Invalid ${field}`);
  return parsed.audience;
}

export function text(value: unknown, field: string, max: number, fields: FieldErrors): string {
  const s = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!s) fields[field] = 'is required';
  else if (s.length > max) fields[field] = `must be at most ${max} characters`;
  return s;
}

/** Subject and HTML must compile and use only the campaign variables: refused at save, never at send. */
export function checkTemplates(subject: string, html: string, fields: FieldErrors): void {
  const subjectProblem = subject ? templateProblem(subject) : null;
  if (subjectProblem) fields.subject = subjectProblem;
  const htmlProblem = html ? templateProblem(html, { html: true }) : null;
  if (htmlProblem) fields.html = htmlProblem;
  if (!fields.subject && !fields.html && subject && html) {
    const problem = renderSample({ subject, html });
    if (problem) fields.html = `does not render: ${problem}`;
  }
}

/**
 * Recounts a campaign's progress from its recipients (queued counts what is still in flight:
 * claimed and sending rows too). One aggregate over the campaign's rows (index on campaign, status).
 */
export async function recountCampaign(campaignId: number): Promise<void> {
  await sql(
    `UPDATE email_campaigns c SET
        recipients_count = s.total, queued_count = s.queued, sent_count = s.sent, failed_count = s.failed,
        unsubscribed_count = s.unsubscribed, skipped_count = s.skipped
       FROM (SELECT count(*)::int AS total,
                    count(*) FILTER (WHERE status IN ('queued', 'claimed', 'sending'))::int AS queued,
                    count(*) FILTER (WHERE status = 'sent')::int AS sent,
                    count(*) FILTER (WHERE status = 'failed')::int AS failed,
                    count(*) FILTER (WHERE status = 'unsubscribed')::int AS unsubscribed,
                    count(*) FILTER (WHERE status = 'skipped')::int AS skipped
               FROM email_campaign_recipients WHERE campaign_id = $1) s
      WHERE c.id = $1`,
    [campaignId],
  );
}

export const auditFacts = (c: EmailCampaign) => ({ status: c.status, scheduledAt: c.scheduledAt?.toISOString() ?? null });
