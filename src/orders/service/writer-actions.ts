import { Op, QueryTypes } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../platform/http/pagination.js';
import { checkWriterEligibility, previewEndsAt, visibleInPool, type Eligibility } from '../eligibility.js';
import { orderHooks } from '../hooks.js';
import { screenForCounterparty } from '../screening.js';
import { Order, WriterRequest } from '../models.js';
import { lockVisibleOrder, recordOrderEvent, transitionOrder } from './lifecycle.js';
import { settleRequestsOnAssignment } from './request-closing.js';
import { assertWriter, eligibilityFor, isBlockedByClient, qualifiedFor, writerStanding, type WriterStanding } from './writer-context.js';
import { writerPay, type PayPreview } from '../writer-pay.js';

/** Locks the writer's row first (then the order): one writer's takes are serialised, so capacity holds. */
async function lockWriter(writerId: number): Promise<void> {
  await User.findByPk(writerId, { lock: currentTransaction()!.LOCK.UPDATE, attributes: ['id'] });
}

/**
 * The order a writer asks for or takes, locked, as far as the writer may see it: an order of the
 * pool as listAvailableOrders shows it to them (their website, ready for staffing, not hidden,
 * preferred-writer-only only when they are the preferred writer, not from a client who blocked
 * them, in a subject they are qualified for), or one they hold. Anything else is 404 before any
 * status is told: a 409 "already taken" answered about an order the writer may not see told them
 * what became of it.
 */
async function lockOrderForWriter(actor: Actor, standing: WriterStanding, orderId: number): Promise<Order> {
  const order = await Order.findOne({ where: { id: orderId, websiteId: actor.websiteId! }, lock: currentTransaction()!.LOCK.UPDATE });
  if (!order) throw NotFound('Order');
  if (order.writerId !== null && order.writerId === actor.userId) return order;
  const inPool =
    order.status === 'ready_for_staffing' &&
    visibleInPool({
      visibility: order.visibility,
      preferredWriterId: order.preferredWriterId,
      writerId: standing.writer.id,
      blockedByClient: await isBlockedByClient(order.clientId, standing.writer.id),
    }) &&
    qualifiedFor(standing.subjects, order.subject);
  if (!inPool) throw NotFound('Order');
  return order;
}

export interface AvailableOrder {
  id: number;
  number: string;
  topic: string | null;
  paperType: string | null;
  workType: string;
  academicLevel: string | null;
  subject: string | null;
  pages: number | null;
  spacing: string;
  slides: number;
  charts: number;
  writerDeadline: string | null;
  publishedAt: string | null;
  takeableFrom: string | null;
  preferredForMe: boolean;
  requestedByMe: boolean;
  /** What the order pays this writer if taken now (the website's rate card today; frozen when assigned). */
  pay: PayPreview;
}

/**
 * Orders this writer may see in the pool: published, not hidden, preferred-only when preferred
 * for them, never from a client who blocked them, only in subjects they are qualified for (when
 * the website gates subjects). Client identity is not part of the view.
 */
export async function listAvailableOrders(
  actor: Actor,
  page: { limit: number; cursor?: string },
): Promise<Page<AvailableOrder> & { canTake: boolean; reason: string | null }> {
  const writerId = assertWriter(actor);
  const standing = await writerStanding(writerId, actor.websiteId!);
  const bind: unknown[] = [actor.websiteId, writerId];
  let keyset = '';
  const cursor = decodeCursor(page.cursor, 'timestamp');
  if (cursor) {
    bind.push(cursor.value, cursor.id);
    keyset = `AND (o.published_at, o.id) < ($3::timestamptz, $4)`;
  }
  bind.push(page.limit + 1);
  const rows = await ctx().sequelize.query<Record<string, unknown> & { id: number; publishedAt: Date }>(
    `SELECT o.id, o.number, o.topic, o.paper_type AS "paperType", o.work_type AS "workType", o.academic_level AS "academicLevel",
            o.subject, o.pages, o.spacing, o.slides, o.charts, o.writer_deadline AS "writerDeadline", o.published_at AS "publishedAt", o.deadline,
            COALESCE(o.preferred_writer_id = $2, false) AS "preferredForMe",
            EXISTS (SELECT 1 FROM writer_requests r WHERE r.order_id = o.id AND r.writer_id = $2 AND r.status = 'open') AS "requestedByMe"
       FROM orders o
      WHERE o.website_id = $1 AND o.status = 'ready_for_staffing' AND o.visibility <> 'hidden'
        AND (o.visibility = 'pool' OR o.preferred_writer_id = $2)
        AND NOT EXISTS (SELECT 1 FROM client_writer_preferences p WHERE p.client_id = o.client_id AND p.writer_id = $2 AND p.kind = 'blocked')
        ${standing.subjects ? `AND (o.subject IS NULL OR EXISTS (SELECT 1 FROM writer_subjects q WHERE q.writer_id = $2 AND q.subject_code = o.subject))` : ''}
        ${keyset}
      ORDER BY o.published_at DESC, o.id DESC
      LIMIT $${bind.length}`,
    { bind, type: QueryTypes.SELECT },
  );
  const now = clock.now();
  const general = checkWriterEligibility({
    writerId,
    writerStatus: standing.writer.status,
    restriction: standing.restriction?.kind ?? null,
    activeOrders: standing.activeOrders,
    capacity: standing.capacity,
    blockedByClient: false,
    qualifiedForSubject: true,
    visibility: 'pool',
    preferredWriterId: null,
    publishedAt: null,
    previewMinutes: 0,
    now,
    mode: 'take',
  });
  const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);
  const result = toPage(
    rows,
    page.limit,
    (r) => ({ value: iso(r.publishedAt), id: r.id }),
    ({ deadline, ...r }) => ({
      ...(r as unknown as AvailableOrder),
      topic: screenForCounterparty(r.topic as string | null), // the client's words, screened for the writer
      writerDeadline: iso(r.writerDeadline),
      publishedAt: iso(r.publishedAt),
      takeableFrom: iso(previewEndsAt(r.publishedAt, standing.previewMinutes)),
      pay: writerPay().preview(
        {
          pages: Number(r.pages ?? 0),
          slides: Number(r.slides),
          charts: Number(r.charts),
          deadline: deadline ? new Date(deadline as string) : null,
          assignedAt: now,
        },
        null,
        standing.payTerms,
      ),
    }),
  );
  return { ...result, canTake: general.ok, reason: general.ok ? null : general.message };
}

/** Asks for an order (staff or the client pick among requests); allowed during the preview. */
export async function requestOrder(actor: Actor, orderId: number, note: string | null): Promise<WriterRequest> {
  const writerId = assertWriter(actor);
  return inTransaction(async () => {
    const standing = await writerStanding(writerId, actor.websiteId!);
    const order = await lockOrderForWriter(actor, standing, orderId);
    if (order.status !== 'ready_for_staffing') throw Conflict('This order is already yours', { currentStatus: order.status });
    const eligibility = await eligibilityFor(order, standing, 'request', clock.now());
    if (!eligibility.ok) throw refusal(eligibility);
    if (await WriterRequest.count({ where: { orderId, writerId, status: 'open' } }))
      throw Conflict('You have already requested this order');
    const request = await WriterRequest.create({ orderId, writerId, kind: 'request', note });
    await recordOrderEvent(actor, order, 'writer_requested', { writerId }, null);
    return request;
  });
}

/** Takes an order at once, when the writer is eligible and the preview is over. */
export async function takeOrder(actor: Actor, orderId: number): Promise<Order> {
  const writerId = assertWriter(actor);
  return inTransaction(async () => {
    await lockWriter(writerId);
    const standing = await writerStanding(writerId, actor.websiteId!);
    const order = await lockOrderForWriter(actor, standing, orderId);
    if (order.status !== 'ready_for_staffing') throw Conflict('This order is already yours', { currentStatus: order.status });
    const eligibility = await eligibilityFor(order, standing, 'take', clock.now());
    if (!eligibility.ok) throw refusal(eligibility, order.status);
    // Other writers' requests went elsewhere (and they are told); invitations left open are withdrawn.
    await settleRequestsOnAssignment(actor, order, writerId);
    await WriterRequest.update({ status: 'withdrawn' }, { where: { orderId, status: 'open', writerId: { [Op.ne]: writerId } } });
    await WriterRequest.update({ status: 'accepted' }, { where: { orderId, status: 'open', writerId } });
    return transitionOrder(actor, order, 'take', { patch: { writerId, assignedAt: clock.now() } });
  });
}

/**
 * Why an order the writer may see is refused: what they may not see was 404 already (and stays so
 * here); the preview is a timing conflict; the writer's own standing (probation, capacity) is 403.
 */
function refusal(eligibility: Exclude<Eligibility, { ok: true }>, status?: string) {
  if (eligibility.reason === 'blocked_by_client' || eligibility.reason === 'not_visible' || eligibility.reason === 'not_qualified')
    return NotFound('Order');
  if (eligibility.reason === 'in_preview') return Conflict(eligibility.message, { currentStatus: status });
  return Forbidden(eligibility.message);
}

async function lockMyAssignment(actor: Actor, orderId: number): Promise<Order> {
  const order = await lockVisibleOrder(actor, orderId);
  if (order.writerId !== actor.userId) throw NotFound('Order');
  return order;
}

/** Accepts an assignment or a preferred-writer invitation. */
export async function acceptAssignment(actor: Actor, orderId: number): Promise<Order> {
  assertWriter(actor);
  return inTransaction(async () => {
    const order = await lockMyAssignment(actor, orderId);
    await WriterRequest.update({ status: 'accepted' }, { where: { orderId, writerId: actor.userId!, status: 'open', kind: 'invitation' } });
    return transitionOrder(actor, order, 'accept', { patch: { assignedAt: clock.now() } });
  });
}

/** Declines an assignment or invitation: the order goes back to the pool. */
export async function declineAssignment(actor: Actor, orderId: number, reason: string | null): Promise<Order> {
  assertWriter(actor);
  return inTransaction(async () => {
    const order = await lockMyAssignment(actor, orderId);
    await WriterRequest.update({ status: 'declined' }, { where: { orderId, writerId: actor.userId!, status: 'open', kind: 'invitation' } });
    return transitionOrder(actor, order, 'decline', { patch: { writerId: null, assignedAt: null }, note: reason });
  });
}

/** Gives an order back: it returns to the pool and the fines area may fine the drop. */
export async function dropOrder(actor: Actor, orderId: number, reason: string): Promise<Order> {
  const writerId = assertWriter(actor);
  return inTransaction(async () => {
    const order = await lockMyAssignment(actor, orderId);
    const now = clock.now();
    const hoursLeft = order.writerDeadline ? (order.writerDeadline.getTime() - now.getTime()) / 3_600_000 : null;
    await transitionOrder(actor, order, 'drop', {
      patch: { writerId: null, assignedAt: null, overdueAt: null, stuckAt: null },
      note: reason,
    });
    await orderHooks.writerDropped({ actor, order, writerId, reason, hoursLeft });
    return order;
  });
}
