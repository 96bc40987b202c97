import { literal, Op, type WhereOptions } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { accountBalance } from '../../ledger/index.js';
import { Order } from '../../orders/index.js';
import { sql } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { WriterEarning } from '../models.js';
import { canSeeEarningsOf } from '../policy.js';
import type { EarningStatus } from '../rules.js';
import type { EarningsQuery } from '../schemas.js';

export interface EarningView {
  id: number;
  orderId: number;
  orderNumber: string | null;
  status: EarningStatus;
  amountCents: number;
  currency: string;
  level: string;
  baseCents: number;
  urgentCents: number;
  approvedAt: string;
  maturesAt: string;
  maturedAt: string | null;
}

export interface EarningsPage extends Page<EarningView> {
  currency: string;
  /** The writer's payable in the ledger: matured earnings (later also tips, minus fines and payouts). */
  payableCents: number;
  /** Earned on completed orders and still held until they mature. */
  pendingCents: number;
}

const serialize = (e: WriterEarning & { order?: Order | null }): EarningView => ({
  id: e.id,
  orderId: e.orderId,
  orderNumber: e.order?.number ?? null,
  status: e.status,
  amountCents: e.amountCents,
  currency: e.currency,
  level: e.breakdown.rateCard.level,
  baseCents: e.breakdown.baseCents,
  urgentCents: e.breakdown.urgentCents,
  approvedAt: e.approvedAt.toISOString(),
  maturesAt: e.maturesAt.toISOString(),
  maturedAt: e.maturedAt?.toISOString() ?? null,
});

/**
 * Matured earnings whose maturity entry is a line of a payout batch not yet paid: in_payout to the
 * writer (the build does not write the earning rows; see src/writers/payouts/service/build.ts).
 */
async function inPendingPayouts(matured: WriterEarning[]): Promise<Set<number>> {
  const byTransaction = new Map(matured.filter((e) => e.maturityTransactionId !== null).map((e) => [e.maturityTransactionId!, e.id]));
  if (!byTransaction.size) return new Set();
  const rows = await sql<{ transactionId: number }>(
    `SELECT l.transaction_id AS "transactionId" FROM payout_lines l JOIN payouts p ON p.id = l.payout_id AND p.status = 'pending'
      WHERE l.transaction_id = ANY($1::bigint[]) AND l.kind = 'earning'`,
    [[...byTransaction.keys()]],
  );
  return new Set(rows.map((r) => byTransaction.get(Number(r.transactionId))!));
}

/**
 * The rows a status filter means: `in_payout` is read from the payout lines (a matured earning whose
 * maturity entry is a line of the writer's pending batch), so `matured` is the matured rest.
 */
function statusWhere(writerId: number, status: EarningStatus | undefined): WhereOptions<WriterEarning> {
  if (status !== 'in_payout' && status !== 'matured') return status ? { status } : {};
  const inPendingBatch = literal(
    `(SELECT l.transaction_id FROM payout_lines l JOIN payouts p ON p.id = l.payout_id AND p.status = 'pending'
       WHERE p.writer_id = ${Number(writerId)} AND l.kind = 'earning')`,
  );
  return { status: 'matured', maturityTransactionId: { [status === 'in_payout' ? Op.in : Op.notIn]: inPendingBatch } };
}

/** A writer's earnings, newest first, with the payable balance and what is still held. */
export async function listWriterEarnings(actor: Actor, writerId: number, query: EarningsQuery): Promise<EarningsPage> {
  const writer = await User.findOne({ where: { id: writerId, role: 'writer' }, attributes: ['id', 'websiteId'] });
  const websiteId = writer?.websiteId ?? null;
  if (!writer || websiteId === null || !canSeeEarningsOf(actor, { id: writer.id, websiteId })) throw NotFound('Writer');
  const cursor = decodeCursor(query.cursor);
  const where: WhereOptions<WriterEarning> = {
    writerId,
    ...statusWhere(writerId, query.status),
    ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}),
  };
  const rows = await WriterEarning.findAll({
    where,
    include: [{ model: Order, as: 'order', attributes: ['id', 'number'] }],
    order: [['id', 'DESC']],
    limit: query.limit + 1,
  });
  const inPayout = await inPendingPayouts(rows.filter((e) => e.status === 'matured'));
  for (const e of rows) if (inPayout.has(e.id)) e.status = 'in_payout';
  const payable = await accountBalance(actor, { kind: 'writer_payable', ownerId: writerId, websiteId });
  const pendingCents = (await WriterEarning.sum('amountCents', { where: { writerId, status: 'pending' } })) ?? 0;
  return {
    ...toPage(rows, query.limit, (e) => ({ value: null, id: e.id }), serialize),
    currency: payable.currency,
    payableCents: payable.balanceCents,
    pendingCents: Number(pendingCents),
  };
}
