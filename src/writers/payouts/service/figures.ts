import { accountBalance } from '../../../ledger/index.js';
import { systemActor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { sql } from '../../../platform/database.js';
import { settingsOfWebsite, Website } from '../../../tenancy/index.js';
import { WriterPayoutSetting } from '../models.js';
import { advanceAvailable, nextPayoutDate, PAYOUT_LEDGER_KIND, type PayoutSchedule } from '../rules.js';
import { payoutSettings } from '../settings.js';

/**
 * A writer's money as payouts see it. Callers have checked the actor: these read for the system.
 */
export interface WriterPayoutFigures {
  currency: string;
  /** The writer_payable balance in the ledger: everything owed, in a batch or not. */
  payableCents: number;
  /** Owed and in no batch yet: what the next batch would pay (may be negative after a fine or an advance). */
  unbatchedCents: number;
  /** In batches built and not yet paid. */
  inPayoutCents: number;
  /** Earnings of completed orders still held until they mature. */
  pendingCents: number;
  /** Earnings frozen (a dispute, a review). */
  heldCents: number;
  totalEarnedCents: number;
  outstandingAdvancesCents: number;
  advanceAvailableCents: number;
  earlyPayoutThresholdCents: number;
  schedule: PayoutSchedule;
  nextPayoutAt: Date;
}

export async function scheduleOf(writerId: number, websiteSchedule: PayoutSchedule): Promise<PayoutSchedule> {
  return (await WriterPayoutSetting.findOne({ where: { writerId }, attributes: ['id', 'schedule'] }))?.schedule ?? websiteSchedule;
}

export async function writerPayoutFigures(writer: { id: number; websiteId: number }): Promise<WriterPayoutFigures> {
  const website = (await Website.findByPk(writer.websiteId, { attributes: ['id', 'currency'] }))!;
  const settings = payoutSettings.of(await settingsOfWebsite(writer.websiteId));
  const payable = await accountBalance(systemActor(writer.websiteId), {
    kind: 'writer_payable',
    ownerId: writer.id,
    websiteId: writer.websiteId,
    currency: website.currency,
  });
  const [row] = await sql<{
    unbatched: number;
    inPayout: number;
    pending: number;
    held: number;
    earned: number;
    outstanding: number;
  }>(
    `SELECT
       (SELECT coalesce(sum(e.amount_cents), 0)::bigint FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
         WHERE e.account_id = $1 AND t.kind <> '${PAYOUT_LEDGER_KIND}'
           AND NOT EXISTS (SELECT 1 FROM payout_lines l WHERE l.ledger_entry_id = e.id)) AS unbatched,
       (SELECT coalesce(sum(total_cents), 0)::bigint FROM payouts WHERE writer_id = $2 AND status = 'pending') AS "inPayout",
       (SELECT coalesce(sum(amount_cents), 0)::bigint FROM writer_earnings WHERE writer_id = $2 AND status = 'pending') AS pending,
       (SELECT coalesce(sum(amount_cents), 0)::bigint FROM writer_earnings WHERE writer_id = $2 AND status = 'frozen') AS held,
       (SELECT coalesce(sum(amount_cents), 0)::bigint FROM writer_earnings WHERE writer_id = $2 AND status <> 'frozen') AS earned,
       (SELECT coalesce(sum(amount_cents), 0)::bigint FROM payout_requests
         WHERE writer_id = $2 AND kind = 'advance' AND status = 'approved' AND repaid_at IS NULL) AS outstanding`,
    [payable.accountId ?? 0, writer.id],
  );
  const schedule = await scheduleOf(writer.id, settings.payoutSchedule);
  return {
    currency: payable.currency,
    payableCents: payable.balanceCents,
    unbatchedCents: Number(row!.unbatched),
    inPayoutCents: Number(row!.inPayout),
    pendingCents: Number(row!.pending),
    heldCents: Number(row!.held),
    totalEarnedCents: Number(row!.earned),
    outstandingAdvancesCents: Number(row!.outstanding),
    advanceAvailableCents: advanceAvailable(Number(row!.earned), Number(row!.outstanding), settings.advanceCapBp),
    earlyPayoutThresholdCents: settings.earlyPayoutThresholdCents,
    schedule,
    nextPayoutAt: nextPayoutDate(schedule, clock.now()),
  };
}
