import { recordAudit } from '../../audit/index.js';
import { isSystem, type Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import type { Cents } from '../../platform/money.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { Order } from '../models.js';
import { assertCanActAsClient, canAmendOrder, canSeeOrder, canSeeRevisionsOf } from '../policy.js';
import {
  revisionCanStart,
  revisionOriginalPrice,
  revisionPolicyFor,
  revisionTerms,
  type RevisionPolicy,
  type RevisionTerms,
} from '../rules.js';
import { lockVisibleOrder, recordOrderEvent, transitionOrder } from '../service/lifecycle.js';
import { OrderRevision } from './models.js';

/**
 * Revisions (RULES.md "Orders"): free within the window after delivery and within the original
 * instructions, otherwise paid at the website's share of the original price. A free revision sends
 * the order back to the writer at once; a paid one waits for its charge (settleRevision, called by
 * the payments area in the same transaction as the posting) and the writer learns of it only then.
 * One revision waits for payment at a time; the client may withdraw it.
 */

export interface RevisionRequest {
  instructions: string;
  deadline: Date;
  instructionsChanged: boolean;
}

const assertClient = (actor: Actor): void => assertCanActAsClient(actor, 'Only the client of the order may ask for a revision');

async function policyOf(order: Order): Promise<RevisionPolicy> {
  const website = await Website.findByPk(order.websiteId);
  return revisionPolicyFor(settingsOf(website!).revisionPaidSharePercent);
}

/** Paid revisions already added to the order's total are not part of the price a new one is a share of. */
async function originalPriceOf(order: Order): Promise<Cents> {
  const paid = await OrderRevision.findAll({ where: { orderId: order.id, status: 'started' }, attributes: ['chargeCents'] });
  return revisionOriginalPrice(
    order.totalCents ?? 0,
    paid.reduce((sum, r) => sum + r.chargeCents, 0),
  );
}

const findPending = (orderId: number) => OrderRevision.findOne({ where: { orderId, status: 'awaiting_payment' } });

async function termsFor(
  order: Order,
  input: Omit<RevisionRequest, 'instructions'>,
  policy: RevisionPolicy,
): Promise<Extract<RevisionTerms, { allowed: true }>> {
  if (order.status !== 'submitted') throw Conflict('Only a delivered order can be revised', { currentStatus: order.status });
  const pending = await findPending(order.id);
  if (pending)
    throw Conflict('A revision of this order is already waiting for payment: pay or withdraw it first', { revisionId: pending.id });
  const terms = revisionTerms({
    deliveredAt: order.deliveredAt ?? order.updatedAt,
    now: clock.now(),
    requestedDeadline: input.deadline,
    instructionsChanged: input.instructionsChanged,
    revisionPending: false, // a pending one was refused just above, as a 409 naming it
    originalPriceCents: await originalPriceOf(order),
    policy,
  });
  if (!terms.allowed) throw ValidationFailed({ deadline: terms.reason }, terms.reason);
  return terms;
}

export interface RevisionPreview {
  paid: boolean;
  chargeCents: Cents;
  currency: string;
  reason: string;
  /** The share of the original price a paid revision costs on this website. */
  paidSharePercent: number;
}

/** What asking for this revision now would cost, shown before the client confirms. Changes nothing. */
export async function previewRevision(
  actor: Actor,
  orderId: number,
  input: Omit<RevisionRequest, 'instructions'>,
): Promise<RevisionPreview> {
  assertClient(actor);
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  const policy = await policyOf(order);
  const terms = await termsFor(order, input, policy);
  return {
    paid: terms.priceCents > 0,
    chargeCents: terms.priceCents,
    currency: order.currency,
    reason: terms.reason,
    paidSharePercent: policy.paidShareBp / 100,
  };
}

/**
 * The one way an order goes back to its writer for a revision, free or paid: the transition, the
 * writer's new deadline and the client's instructions on the timeline. `patch` carries what
 * changes with it (a paid revision's charge on the order's totals).
 */
async function startRevision(
  actor: Actor,
  order: Order,
  revision: OrderRevision,
  patch: Partial<Order['_creationAttributes']> = {},
): Promise<Order> {
  return transitionOrder(actor, order, 'request_revision', {
    patch: { ...patch, writerDeadline: revision.deadline },
    note: revision.instructions,
    data: {
      revisionId: revision.id,
      deadline: revision.deadline.toISOString(),
      paid: revision.chargeCents > 0,
      chargeCents: revision.chargeCents,
    },
  });
}

/**
 * Asks for a revision of a delivered order. A free one starts at once; a paid one is recorded as
 * waiting for its charge, and the order stays delivered until it is paid.
 */
export async function requestRevision(
  actor: Actor,
  orderId: number,
  input: RevisionRequest,
): Promise<{ revision: OrderRevision; order: Order }> {
  assertClient(actor);
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const policy = await policyOf(order);
    const terms = await termsFor(order, input, policy);
    const paid = terms.priceCents > 0;
    const revision = await OrderRevision.create({
      websiteId: order.websiteId,
      orderId: order.id,
      requestedBy: actor.userId,
      requesterRole: actor.role,
      instructions: input.instructions,
      instructionsChanged: input.instructionsChanged,
      deadline: input.deadline,
      reason: terms.reason,
      shareBp: paid ? policy.paidShareBp : 0,
      chargeCents: terms.priceCents,
      status: paid ? 'awaiting_payment' : 'started',
      settledAt: paid ? null : clock.now(),
    });
    await recordAudit(actor, {
      action: 'order.revision_requested',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      after: {
        revisionId: revision.id,
        chargeCents: revision.chargeCents,
        status: revision.status,
        deadline: input.deadline.toISOString(),
        reason: terms.reason,
      },
    });
    if (!paid) return { revision, order: await startRevision(actor, order, revision) };
    // No note: the instructions reach the timeline (and the writer) with the transition, once paid.
    await recordOrderEvent(actor, order, 'revision_awaiting_payment', {
      revisionId: revision.id,
      chargeCents: revision.chargeCents,
      reason: terms.reason,
    });
    return { revision, order };
  });
}

export interface RevisionPayment {
  amountCents: Cents;
  method: string;
  reference?: string | null;
}

/** Why a revision waiting for payment could not start now, or null when it can (the card path asks before posting). */
export async function revisionStartRefusal(order: Order, revision: OrderRevision): Promise<string | null> {
  if (revision.status !== 'awaiting_payment') return `the revision is ${revision.status.replace(/_/g, ' ')}`;
  const check = revisionCanStart({
    orderStatus: order.status,
    deadline: revision.deadline,
    now: clock.now(),
    policy: await policyOf(order),
  });
  return check.ok ? null : check.reason;
}

/**
 * The door through which a paid revision's charge arrives (the payments area calls it after
 * posting the money, in the same transaction): the charge joins the order's total and paid
 * amounts and the revision starts, exactly as a free one does. The amount must be the charge.
 */
export async function settleRevision(
  actor: Actor,
  revisionId: number,
  payment: RevisionPayment,
): Promise<{ revision: OrderRevision; order: Order }> {
  return inTransaction(async () => {
    const found = await OrderRevision.findByPk(revisionId);
    if (!found) throw NotFound('Revision');
    const order = await lockVisibleOrder(actor, found.orderId);
    const revision = (await OrderRevision.findByPk(revisionId, { lock: true }))!;
    if (revision.status !== 'awaiting_payment')
      throw Conflict('This revision is not waiting for payment', { currentStatus: revision.status });
    if (payment.amountCents !== revision.chargeCents) {
      throw ValidationFailed(
        { amountCents: `must be the charge of ${revision.chargeCents} cents` },
        'The payment does not match the charge',
      );
    }
    const refusal = await revisionStartRefusal(order, revision);
    if (refusal) throw Conflict(`This revision can no longer start: ${refusal}`, { currentStatus: order.status });
    await revision.update({
      status: 'started',
      settledAt: clock.now(),
      paymentReference: (payment.reference ?? payment.method).slice(0, 120),
    });
    const started = await startRevision(requesterOf(actor, revision, order), order, revision, {
      totalCents: (order.totalCents ?? 0) + revision.chargeCents,
      paidCents: order.paidCents + revision.chargeCents,
    });
    return { revision, order: started };
  });
}

/**
 * Who the revision's transition is recorded for: the client who asked. A card payment is settled
 * by Stripe's confirmation (the system), which the lifecycle table rightly never lets ask for a
 * revision; the request is still the client's, and the writer reads the client's instructions.
 */
function requesterOf(actor: Actor, revision: OrderRevision, order: Order): Actor {
  if (!isSystem(actor)) return actor;
  return { userId: revision.requestedBy, role: 'client', websiteId: order.websiteId, requestId: actor.requestId ?? null };
}

/** Withdraws a revision still waiting for payment (its client, or an admin). */
export async function withdrawRevision(
  actor: Actor,
  orderId: number,
  revisionId: number,
): Promise<{ revision: OrderRevision; order: Order }> {
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const found = await OrderRevision.findOne({ where: { id: revisionId, orderId: order.id } });
    if (!found) throw NotFound('Revision');
    if (!canAmendOrder(actor, order)) throw Forbidden('Only the client of the order or an admin may withdraw this revision');
    const revision = (await OrderRevision.findByPk(revisionId, { lock: true }))!;
    if (revision.status !== 'awaiting_payment')
      throw Conflict('Only a revision waiting for payment can be withdrawn', { currentStatus: revision.status });
    await revision.update({ status: 'withdrawn', settledAt: clock.now() });
    await recordOrderEvent(actor, order, 'revision_withdrawn', { revisionId });
    await recordAudit(actor, {
      action: 'order.revision_withdrawn',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      after: { revisionId, status: 'withdrawn' },
    });
    return { revision, order };
  });
}

/**
 * An order that moves on from delivery (approved, disputed) can no longer start the revision that
 * waits for payment: it lapses. Runs in the caller's transaction with the order locked.
 */
export async function lapsePendingRevision(actor: Actor, order: Order, why: string): Promise<void> {
  const pending = await findPending(order.id);
  if (!pending) return;
  await pending.update({ status: 'lapsed', settledAt: clock.now() });
  await recordOrderEvent(actor, order, 'revision_lapsed', { revisionId: pending.id, why });
  await recordAudit(actor, {
    action: 'order.revision_lapsed',
    targetType: 'order',
    targetId: order.id,
    websiteId: order.websiteId,
    after: { revisionId: pending.id, status: 'lapsed' },
    reason: why,
  });
}

/** The order's revisions, newest first: its client and staff see them all, with prices. */
export async function listRevisions(actor: Actor, orderId: number): Promise<{ order: Order; revisions: OrderRevision[] }> {
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeRevisionsOf(actor, order)) throw NotFound('Order');
  return { order, revisions: await OrderRevision.findAll({ where: { orderId }, order: [['id', 'DESC']] }) };
}
