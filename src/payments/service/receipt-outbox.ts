import { QueryTypes } from 'sequelize';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { sendReceiptEmail } from './receipts.js';

/**
 * The receipt outbox (migration 20261126000100): every succeeded payment whose receipt has not
 * been emailed is pending. A worker claims a batch (SKIP LOCKED, so workers never take the same
 * receipt; the claim is a lease, so a worker that dies mid-batch leaves its receipts to the next
 * run), sends each, and marks it sent. A failed send is retried with a growing pause, up to
 * MAX_ATTEMPTS; a receipt may go out twice only if a worker dies between sending and marking.
 */
export const MAX_ATTEMPTS = 5;
const LEASE_MS = 10 * 60_000;
const BATCH = 100;

export interface ReceiptRun {
  sent: number;
  failed: number;
}

async function claim(limit: number): Promise<number[]> {
  const now = clock.now();
  const rows = await ctx().sequelize.query<{ id: number }>(
    `UPDATE payments p SET receipt_email_next_at = $2, receipt_email_attempts = p.receipt_email_attempts + 1
      WHERE p.id IN (
        SELECT id FROM payments
         WHERE status = 'succeeded' AND receipt_emailed_at IS NULL AND receipt_email_attempts < $3
           AND (receipt_email_next_at IS NULL OR receipt_email_next_at <= $1)
         ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
      RETURNING p.id`,
    { bind: [now, new Date(now.getTime() + LEASE_MS), MAX_ATTEMPTS, limit], type: QueryTypes.SELECT, transaction: null },
  );
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

async function settle(paymentId: number, sent: boolean): Promise<void> {
  const now = clock.now();
  // After a failure the next try waits 5, 10, 15… minutes (the lease already holds it until then or longer).
  await ctx().sequelize.query(
    sent
      ? 'UPDATE payments SET receipt_emailed_at = $2, receipt_email_next_at = NULL WHERE id = $1'
      : 'UPDATE payments SET receipt_email_next_at = $2::timestamptz + make_interval(mins => 5 * receipt_email_attempts) WHERE id = $1',
    { bind: [paymentId, now], transaction: null },
  );
}

/** Sends the pending receipts, batch after batch, until none is due. */
export async function sendPendingReceipts(options: { limit?: number } = {}): Promise<ReceiptRun> {
  const run: ReceiptRun = { sent: 0, failed: 0 };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  while (run.sent + run.failed < limit) {
    const ids = await claim(Math.min(BATCH, limit - run.sent - run.failed));
    if (!ids.length) break;
    for (const id of ids) {
      const sent = await sendReceiptEmail(id).catch((err: unknown) => {
        ctx().logger.error({ err, paymentId: id }, 'rendering a payment receipt failed');
        return false;
      });
      await settle(id, sent);
      if (sent) run.sent += 1;
      else run.failed += 1;
    }
  }
  return run;
}
