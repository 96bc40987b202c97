import { recordAudit } from '../../../audit/index.js';
import { User } from '../../../identity/index.js';
import { lockVisibleOrder, Order, canSeeOrder } from '../../../orders/index.js';
import type { Actor } from '../../../platform/actor.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { Fine, FineType } from '../models.js';
import { canIssueFine } from '../policy.js';
import { FINE_TYPE_CODES, fineAmountCents, type FineTypeCode } from '../rules.js';
import { earningCentsOf, installDefaultFineTypes, postFineUpTo, reasonOf } from './common.js';
import { FINE_ISSUED_EVENT, recordFineEvent } from './events.js';

export interface IssueFineInput {
  orderId: number;
  typeCode: FineTypeCode;
  reason: string;
  /** The fined writer: the order's writer by default; a writer who worked on it before (dropped, unassigned) when named. */
  writerId?: number | null;
}

/** What each fine type comes to on an order, shown to staff before they issue one. */
export interface FinePreview {
  orderId: number;
  writerId: number | null;
  currency: string;
  earningCents: number;
  types: Array<{
    code: FineTypeCode;
    name: string;
    amountCents: number;
    rule: { amountCents: number | null; percentBp: number | null; minCents: number; maxCents: number | null };
  }>;
}

const isTypeCode = (v: unknown): v is FineTypeCode => typeof v === 'string' && (FINE_TYPE_CODES as readonly string[]).includes(v);

/** Whether the writer acted on the order (took, delivered, dropped it…): who may be fined for it besides its writer now. */
async function workedOn(orderId: number, writerId: number): Promise<boolean> {
  const rows = await sql<{ one: number }>(`SELECT 1 AS one FROM order_events WHERE order_id = $1 AND actor_user_id = $2 LIMIT 1`, [
    orderId,
    writerId,
  ]);
  return rows.length > 0;
}

async function fineableWriter(order: Order, asked: number | null | undefined): Promise<number> {
  const writerId = asked ?? order.writerId;
  if (writerId === null || writerId === undefined) throw Conflict('This order has no writer to fine: name the writer who worked on it');
  if (!Number.isSafeInteger(writerId) || writerId <= 0) throw ValidationFailed({ writerId: 'must be a user id' });
  const writer = await User.findOne({ where: { id: writerId, role: 'writer', websiteId: order.websiteId }, attributes: ['id'] });
  if (!writer || (writerId !== order.writerId && !(await workedOn(order.id, writerId))))
    throw ValidationFailed({ writerId: 'is not a writer who worked on this order' });
  return writerId;
}

/** The fine types of the order's website and what each comes to on it (GET of the back-office action: changes nothing). */
export async function previewFines(actor: Actor, orderId: number): Promise<FinePreview> {
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  if (!canIssueFine(actor, order.websiteId)) throw Forbidden('Only staff issue fines');
  const types = await FineType.findAll({ where: { websiteId: order.websiteId, active: true, automatic: false }, order: [['id', 'ASC']] });
  const earningCents = order.writerId === null ? 0 : await earningCentsOf(order, order.writerId);
  return {
    orderId: order.id,
    writerId: order.writerId,
    currency: order.currency,
    earningCents,
    types: types
      .filter((t) => isTypeCode(t.code))
      .map((t) => ({
        code: t.code as FineTypeCode,
        name: t.name,
        amountCents: fineAmountCents(t, earningCents),
        rule: { amountCents: t.amountCents, percentBp: t.percentBp, minCents: t.minCents, maxCents: t.maxCents },
      })),
  };
}

/**
 * Staff fine a writer on an order (RULES.md "Fines"): the amount comes from the fine type's rule
 * on the writer's earning for the order, and is posted at once against the writer's payable (so
 * the next payout deducts it). Lateness fines are the lateness job's, never issued by hand.
 */
export async function issueFine(actor: Actor, input: IssueFineInput): Promise<Fine> {
  const problems: Record<string, string> = {};
  if (!isTypeCode(input.typeCode)) problems.typeCode = `must be one of ${FINE_TYPE_CODES.filter((c) => c !== 'lateness').join(', ')}`;
  const reason = reasonOf(input.reason);
  if (typeof reason !== 'string') problems.reason = reason.error;
  if (Object.keys(problems).length) throw ValidationFailed(problems, 'Invalid fine');
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, input.orderId);
    if (!canIssueFine(actor, order.websiteId)) throw Forbidden('Only staff issue fines');
    await installDefaultFineTypes(order.websiteId);
    const type = await FineType.findOne({ where: { websiteId: order.websiteId, code: input.typeCode } });
    if (!type || !type.active) throw ValidationFailed({ typeCode: 'is not an active fine type of this website' });
    if (type.automatic) throw ValidationFailed({ typeCode: 'is applied by the lateness job, not by hand' });
    const writerId = await fineableWriter(order, input.writerId);
    const earningCents = await earningCentsOf(order, writerId);
    const amountCents = fineAmountCents(type, earningCents);
    if (amountCents <= 0) throw ValidationFailed({ typeCode: 'comes to nothing on this order (no earning and no minimum)' });
    const fine = await Fine.create({
      websiteId: order.websiteId,
      writerId,
      orderId: order.id,
      fineTypeId: type.id,
      typeCode: type.code,
      currency: order.currency,
      amountCents,
      earningCents,
      reason: reason as string,
      issuedBy: actor.userId,
    });
    const posted = await postFineUpTo(actor, fine, amountCents);
    await recordAudit(actor, {
      action: 'fine.issue',
      targetType: 'fine',
      targetId: fine.id,
      websiteId: fine.websiteId,
      after: {
        status: fine.status,
        typeCode: fine.typeCode,
        writerId,
        orderId: order.id,
        amountCents,
        earningCents,
        ledgerTransactionId: posted?.id,
      },
      reason: reason as string,
    });
    await recordFineEvent(FINE_ISSUED_EVENT, actor, fine);
    return fine;
  });
}
