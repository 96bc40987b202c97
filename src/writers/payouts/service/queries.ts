import { Op, type WhereOptions } from 'sequelize';
import { User } from '../../../identity/index.js';
import type { Actor } from '../../../platform/actor.js';
import { NotFound } from '../../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../../platform/http/pagination.js';
import { Payout, PayoutLine, PayoutRequest } from '../models.js';
import { canSeePayoutsOf, canSeeWebsitePayouts } from '../policy.js';
import type { PayoutMethod, PayoutRequestKind, PayoutRequestStatus, PayoutSchedule, PayoutStatus, PayoutTrigger } from '../rules.js';
import { writerPayoutFigures } from './figures.js';

export interface PayoutLineView {
  id: number;
  entryId: number;
  transactionId: number;
  kind: string;
  reference: { type: string; id: string } | null;
  memo: string | null;
  amountCents: number;
  postedAt: string;
}

export interface PayoutView {
  id: number;
  status: PayoutStatus;
  trigger: PayoutTrigger;
  schedule: PayoutSchedule | null;
  periodStart: string;
  periodEnd: string;
  currency: string;
  totalCents: number;
  lineCount: number;
  paidAt: string | null;
  paymentReference: string | null;
  paymentMethod: PayoutMethod | null;
  reversedAt: string | null;
  createdAt: string;
  lines: PayoutLineView[];
}

export const serializeLine = (l: PayoutLine): PayoutLineView => ({
  id: l.id,
  entryId: l.ledgerEntryId,
  transactionId: l.transactionId,
  kind: l.kind,
  reference: l.referenceType !== null ? { type: l.referenceType, id: l.referenceId ?? '' } : null,
  memo: l.memo,
  amountCents: l.amountCents,
  postedAt: l.postedAt.toISOString(),
});

const serialize = (p: Payout, lines: PayoutLine[]): PayoutView => ({
  id: p.id,
  status: p.status,
  trigger: p.trigger,
  schedule: p.schedule,
  periodStart: p.periodStart.toISOString(),
  periodEnd: p.periodEnd.toISOString(),
  currency: p.currency,
  totalCents: p.totalCents,
  lineCount: p.lineCount,
  paidAt: p.paidAt?.toISOString() ?? null,
  paymentReference: p.paymentReference,
  paymentMethod: p.paymentMethod,
  reversedAt: p.reversedAt?.toISOString() ?? null,
  createdAt: p.createdAt.toISOString(),
  lines: lines.map(serializeLine),
});

async function linesOf(payoutIds: number[]): Promise<Map<number, PayoutLine[]>> {
  const byPayout = new Map<number, PayoutLine[]>(payoutIds.map((id) => [id, []]));
  if (!payoutIds.length) return byPayout;
  for (const line of await PayoutLine.findAll({ where: { payoutId: payoutIds }, order: [['id', 'ASC']] })) {
    byPayout.get(line.payoutId)!.push(line);
  }
  return byPayout;
}

async function writerFor(actor: Actor, writerId: number): Promise<{ id: number; websiteId: number }> {
  const writer = await User.findOne({ where: { id: writerId, role: 'writer' }, attributes: ['id', 'websiteId'] });
  const websiteId = writer?.websiteId ?? null;
  if (!writer || websiteId === null || !canSeePayoutsOf(actor, { id: writer.id, websiteId })) throw NotFound('Writer');
  return { id: writer.id, websiteId };
}

/** A writer's batches, newest first, each with its lines. */
export async function listWriterPayouts(
  actor: Actor,
  writerId: number,
  query: { limit: number; cursor?: string; status?: PayoutStatus },
): Promise<Page<PayoutView>> {
  await writerFor(actor, writerId);
  const cursor = decodeCursor(query.cursor);
  const where: WhereOptions<Payout> = {
    writerId,
    ...(query.status ? { status: query.status } : {}),
    ...(cursor ? { id: { [Op.lt]: cursor.id } } : {}),
  };
  const rows = await Payout.findAll({ where, order: [['id', 'DESC']], limit: query.limit + 1 });
  const lines = await linesOf(rows.slice(0, query.limit).map((p) => p.id));
  return toPage(
    rows,
    query.limit,
    (p) => ({ value: null, id: p.id }),
    (p) => serialize(p, lines.get(p.id) ?? []),
  );
}

/** One batch with its lines: its writer, or staff of its website. */
export async function getPayout(actor: Actor, payoutId: number): Promise<PayoutView> {
  const payout = Number.isSafeInteger(payoutId) ? await Payout.findByPk(payoutId) : null;
  if (!payout || !canSeePayoutsOf(actor, { id: payout.writerId, websiteId: payout.websiteId })) throw NotFound('Payout');
  return serialize(payout, (await linesOf([payout.id])).get(payout.id)!);
}

/** A batch's lines for the back office's record page (staff of its website). */
export async function payoutLines(actor: Actor, payoutId: number): Promise<PayoutLineView[]> {
  const payout = await Payout.findByPk(payoutId, { attributes: ['id', 'websiteId'] });
  if (!payout || !canSeeWebsitePayouts(actor, payout.websiteId)) throw NotFound('Payout');
  return ((await linesOf([payout.id])).get(payout.id) ?? []).map(serializeLine);
}

export interface WriterBalanceView {
  currency: string;
  payableCents: number;
  availableCents: number;
  inPayoutCents: number;
  pendingCents: number;
  heldCents: number;
  outstandingAdvancesCents: number;
  advanceAvailableCents: number;
  earlyPayoutThresholdCents: number;
  schedule: PayoutSchedule;
  nextPayoutAt: string;
}

/** What the writer is owed and when it is paid. */
export async function writerBalance(actor: Actor, writerId: number): Promise<WriterBalanceView> {
  const f = await writerPayoutFigures(await writerFor(actor, writerId));
  return {
    currency: f.currency,
    payableCents: f.payableCents,
    availableCents: f.unbatchedCents,
    inPayoutCents: f.inPayoutCents,
    pendingCents: f.pendingCents,
    heldCents: f.heldCents,
    outstandingAdvancesCents: f.outstandingAdvancesCents,
    advanceAvailableCents: f.advanceAvailableCents,
    earlyPayoutThresholdCents: f.earlyPayoutThresholdCents,
    schedule: f.schedule,
    nextPayoutAt: f.nextPayoutAt.toISOString(),
  };
}

export interface PayoutRequestView {
  id: number;
  kind: PayoutRequestKind;
  status: PayoutRequestStatus;
  amountCents: number;
  currency: string;
  refusalReason: string | null;
  payoutId: number | null;
  createdAt: string;
  decidedAt: string | null;
}

export const serializeRequest = (r: PayoutRequest): PayoutRequestView => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  amountCents: r.amountCents,
  currency: r.currency,
  refusalReason: r.refusalReason ?? null,
  payoutId: r.payoutId ?? null,
  createdAt: r.createdAt.toISOString(),
  decidedAt: r.decidedAt?.toISOString() ?? null,
});
