import { Op, fn, col } from 'sequelize';
import { ofWebsite, type Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { NotFound } from '../../platform/errors.js';
import { PriceListVersion, type QuoteLine } from '../../pricing/index.js';
import { settingsOf, Website } from '../../tenancy/index.js';
import { ACTIVE_FOR_WRITER, checkWriterEligibility } from '../eligibility.js';
import { WriterSubject } from '../qualifications/index.js';
import { ClientWriterPreference, Order, OrderEvent } from '../models.js';
import { writerStandingProvider } from '../writer-standing.js';
import { assertCanActAsOrderStaff, canSeeOrder } from '../policy.js';
import type { OrderStatus } from '../rules.js';
import { forfeitureToDecide } from './forfeiture.js';

/**
 * Read-only lookups for the back office: who can be given an order, what a cancellation would
 * refund, an order's price history and timeline, clients to attach. Staff of the order's website only.
 */

async function visibleOrder(actor: Actor, orderId: number): Promise<Order> {
  assertCanActAsOrderStaff(actor);
  const order = await Order.findByPk(orderId);
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  return order;
}

export interface WriterChoice {
  id: number;
  registrationId: string;
  penName: string | null;
  status: string;
  /** The writer's level (the writers area's). */
  level: string;
  activeOrders: number;
  capacity: number;
  eligible: boolean;
  reason: string | null;
}

const MAX_WRITERS = 200;

/**
 * Writers of a website with their load, least busy first. With an order, each is checked by the
 * same eligibility rules the assign service applies (mode 'assign'); the service checks again.
 */
export async function writerChoices(actor: Actor, input: { orderId?: number; websiteId?: number }): Promise<WriterChoice[]> {
  assertCanActAsOrderStaff(actor);
  const order = input.orderId !== undefined ? await visibleOrder(actor, input.orderId) : null;
  const websiteId = order?.websiteId ?? input.websiteId ?? actor.websiteId;
  if (websiteId == null) return [];
  if (!ofWebsite(actor, websiteId)) throw NotFound('Website');
  const website = await Website.findByPk(websiteId);
  if (!website) throw NotFound('Website');
  const settings = settingsOf(website);
  const writers = await User.findAll({
    where: { websiteId, role: 'writer', status: { [Op.in]: ['active', 'probation'] } },
    attributes: ['id', 'registrationId', 'penName', 'status', 'maxActiveOrders'],
    order: [['id', 'ASC']],
    limit: MAX_WRITERS,
  });
  const ids = writers.map((w) => w.id);
  if (!ids.length) return [];
  const loads = (await Order.findAll({
    where: { writerId: { [Op.in]: ids }, status: { [Op.in]: [...ACTIVE_FOR_WRITER] } },
    attributes: ['writerId', [fn('count', col('id')), 'n']],
    group: ['writerId'],
    raw: true,
  })) as unknown as Array<{ writerId: number; n: string | number }>;
  const load = new Map(loads.map((row) => [Number(row.writerId), Number(row.n)]));
  const blocked = order?.clientId
    ? new Set(
        (await ClientWriterPreference.findAll({ where: { clientId: order.clientId, kind: 'blocked', writerId: { [Op.in]: ids } } })).map(
          (p) => p.writerId,
        ),
      )
    : new Set<number>();
  const qualified =
    settings.subjectGating && order?.subject
      ? new Set(
          (
            await WriterSubject.findAll({ where: { writerId: { [Op.in]: ids }, subjectCode: order.subject }, attributes: ['writerId'] })
          ).map((q) => q.writerId),
        )
      : null;
  const now = clock.now();
  const standings = await writerStandingProvider().standingsOf(ids, websiteId);
  const choices = writers.map((w): WriterChoice => {
    const activeOrders = load.get(w.id) ?? 0;
    const standing = standings.get(w.id)!;
    const capacity = w.maxActiveOrders ?? standing.maxActiveOrders;
    const verdict = checkWriterEligibility({
      writerId: w.id,
      writerStatus: w.status,
      restriction: standing.restriction?.kind ?? null,
      activeOrders,
      capacity,
      blockedByClient: blocked.has(w.id),
      qualifiedForSubject: qualified === null || qualified.has(w.id),
      visibility: order?.visibility ?? 'pool',
      preferredWriterId: order?.preferredWriterId ?? null,
      publishedAt: order?.publishedAt ?? null,
      previewMinutes: settings.writerPreviewMinutes,
      now,
      mode: 'assign',
    });
    const current = order?.writerId === w.id;
    return {
      id: w.id,
      registrationId: w.registrationId,
      penName: w.penName,
      status: w.status,
      level: standing.level,
      activeOrders,
      capacity,
      eligible: verdict.ok && !current,
      reason: current ? 'Already the writer of this order' : verdict.ok ? null : verdict.message,
    };
  });
  return choices.sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.activeOrders - b.activeOrders || a.id - b.id);
}

export interface RefundPreview {
  currency: string;
  paidCents: number;
  refundCents: number;
  forfeitCents: number;
  shareBp: number;
}

/** What cancelling the order now would refund by default (cancelOrder's: the share the client was shown, else the table's now). */
export async function cancellationPreview(actor: Actor, orderId: number): Promise<RefundPreview> {
  const order = await visibleOrder(actor, orderId);
  return { currency: order.currency, paidCents: order.paidCents, ...(await forfeitureToDecide(order)) };
}

export interface TimelineRow {
  id: number;
  action: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  actorRole: string;
  actor: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

export interface OrderHistory {
  currency: string;
  totalCents: number | null;
  paidCents: number;
  priceList: { id: number; version: number; status: string; activatedAt: string | null } | null;
  lines: QuoteLine[];
  deadlineBand: { maxHours: number; multiplierBp: number } | null;
  cancellation: Order['cancellationDecision'];
  timeline: TimelineRow[];
}

/** The price list version an order was priced with, its frozen breakdown, and its whole timeline (staff see notes and data). */
export async function orderHistory(actor: Actor, orderId: number): Promise<OrderHistory> {
  const order = await visibleOrder(actor, orderId);
  const version = order.priceListId ? await PriceListVersion.findByPk(order.priceListId) : null;
  const events = await OrderEvent.findAll({
    where: { orderId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: 500,
  });
  const actorIds = [...new Set(events.map((e) => e.actorUserId).filter((id): id is number => id !== null))];
  const people = actorIds.length ? await User.findAll({ where: { id: { [Op.in]: actorIds } }, attributes: ['id', 'registrationId'] }) : [];
  const refs = new Map(people.map((u) => [u.id, u.registrationId]));
  return {
    currency: order.currency,
    totalCents: order.totalCents,
    paidCents: order.paidCents,
    priceList: version
      ? { id: version.id, version: version.version, status: version.status, activatedAt: version.activatedAt?.toISOString() ?? null }
      : null,
    lines: order.priceBreakdown?.lines ?? [],
    deadlineBand: order.priceBreakdown?.deadlineBand ?? null,
    cancellation: order.cancellationDecision,
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorRole: e.actorRole,
      actor: e.actorUserId ? (refs.get(e.actorUserId) ?? null) : null,
      note: e.note,
      data: e.data,
      at: e.createdAt.toISOString(),
    })),
  };
}

export interface ClientChoice {
  id: number;
  registrationId: string;
  displayName: string;
  email: string;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Clients of the order's website matching a registration ID, email or name (prefix), for "attach client". */
export async function clientChoices(actor: Actor, orderId: number, query: string): Promise<ClientChoice[]> {
  const order = await visibleOrder(actor, orderId);
  const q = query.trim();
  if (q.length < 2) return [];
  const prefix = `${escapeLike(q)}%`;
  const clients = await User.findAll({
    where: {
      websiteId: order.websiteId,
      role: 'client',
      [Op.or]: [{ registrationId: { [Op.iLike]: prefix } }, { email: { [Op.iLike]: prefix } }, { displayName: { [Op.iLike]: prefix } }],
    },
    attributes: ['id', 'registrationId', 'displayName', 'email'],
    order: [['id', 'ASC']],
    limit: 20,
  });
  return clients.map((c) => ({ id: c.id, registrationId: c.registrationId, displayName: c.displayName, email: c.email }));
}
