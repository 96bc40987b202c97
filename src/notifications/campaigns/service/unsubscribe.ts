import { recordAudit } from '../../../audit/index.js';
import { visitorActor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { BadRequest } from '../../../platform/errors.js';
import { verifyUnsubscribeToken } from '../render.js';
import { recountCampaign } from './common.js';

/**
 * Unsubscribing from a website's campaigns, by the signed token of a campaign email (no sign-in):
 * the address is recorded once per website and every later campaign skips it (at the snapshot and
 * again before each send); rows of running campaigns still waiting for it are marked unsubscribed
 * now. Doing it again changes nothing. Users have no marketing-consent field: this record is the
 * consent signal (no record: the account's terms cover our news; a record: none, ever after).
 */
export interface UnsubscribeResult {
  unsubscribed: true;
  /** The address, partly hidden (the link may be forwarded). */
  email: string;
  /** False when the address had already unsubscribed. */
  changed: boolean;
}

const mask = (email: string) => {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}${'*'.repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}`;
};

export async function unsubscribeByToken(
  token: string,
  websiteId: number,
  method: 'link' | 'one_click',
  meta: { ip: string | null; requestId: string | null },
): Promise<UnsubscribeResult> {
  const claim = verifyUnsubscribeToken(token);
  if (!claim) throw BadRequest('This unsubscribe link is invalid or damaged: use the link of the email as it came');
  if (claim.websiteId !== websiteId) throw BadRequest('This unsubscribe link belongs to another website');
  const email = claim.email.toLowerCase();
  return inTransaction(async () => {
    const inserted = await sql<{ id: number }>(
      `INSERT INTO email_unsubscribes (website_id, email, user_id, campaign_id, method, created_at)
       VALUES ($1, $2, $3, (SELECT id FROM email_campaigns WHERE id = $4 AND website_id = $1), $5, $6)
       ON CONFLICT (website_id, email) DO NOTHING RETURNING id`,
      [websiteId, email, claim.userId, claim.campaignId, method, clock.now()],
    );
    if (inserted.length) {
      const touched = await sql<{ campaignId: number }>(
        `UPDATE email_campaign_recipients SET status = 'unsubscribed'
          WHERE website_id = $1 AND lower(email) = $2 AND status = 'queued' RETURNING campaign_id AS "campaignId"`,
        [websiteId, email],
      );
      for (const campaignId of new Set(touched.map((t) => t.campaignId))) await recountCampaign(campaignId);
      await recordAudit(visitorActor(websiteId, meta.ip, meta.requestId), {
        action: 'email.unsubscribe',
        targetType: 'email_unsubscribe',
        targetId: inserted[0]!.id,
        websiteId,
        after: { userId: claim.userId, campaignId: claim.campaignId, method },
      });
    }
    return { unsubscribed: true, email: mask(email), changed: inserted.length > 0 };
  });
}

/** Whether an address has unsubscribed from the website's campaigns. */
export async function isUnsubscribed(websiteId: number, email: string): Promise<boolean> {
  const rows = await sql<{ id: number }>(`SELECT id FROM email_unsubscribes WHERE website_id = $1 AND email = $2`, [
    websiteId,
    email.toLowerCase(),
  ]);
  return rows.length > 0;
}
