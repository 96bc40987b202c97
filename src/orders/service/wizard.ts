import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { evaluateDiscounts, reserveDiscountUsage } from '../../discounts/index.js';
import type { Spacing } from '../../pricing/index.js';
import { nextCounterValue, Website } from '../../tenancy/index.js';
import { Order } from '../models.js';
import { canActAsClient, canDraftOrders } from '../policy.js';
import { writerDeadline } from '../rules.js';
import { priceDraft } from './draft-price.js';
import { lockVisibleOrder, recordOrderEvent, transitionOrder } from './lifecycle.js';
import { publishPaidOrder } from './payment-hook.js';

/** The order form's fields, every one optional while the order is a draft. */
export interface OrderDetailsInput {
  topic?: string;
  instructions?: string | null;
  paperType?: string;
  workType?: string;
  academicLevel?: string;
  subject?: string;
  pages?: number;
  spacing?: Spacing;
  slides?: number;
  charts?: number;
  sourcesCount?: number;
  citationStyle?: string | null;
  writerLevel?: string;
  extraServices?: string[];
  deadline?: Date;
  preferredWriterId?: number | null;
  /** The discount code typed in the wizard; checked at submit. */
  discountCode?: string | null;
}

const FIRST_ORDER_NUMBER = 100_001;

async function assertPreferredWriter(websiteId: number, writerId: number | null | undefined): Promise<void> {
  if (writerId == null) return;
  const writer = await User.findOne({ where: { id: writerId, websiteId, role: 'writer' } });
  if (!writer || writer.status === 'suspended') throw ValidationFailed({ preferredWriterId: 'is not a writer of this website' });
}

/**
 * Starts an order as a draft with a per-website sequential number. A client's order is theirs;
 * staff may create an unattributed one (no client) to attach later.
 */
export async function createDraftOrder(actor: Actor, input: OrderDetailsInput & { clientId?: number | null }): Promise<Order> {
  if (actor.websiteId === null) throw Forbidden('Choose a website to create an order on');
  const websiteId = actor.websiteId;
  if (!canDraftOrders(actor)) throw Forbidden('Only clients and admins create orders');
  const clientId = actor.role === 'client' ? actor.userId : (input.clientId ?? null);
  return inTransaction(async () => {
    const website = (await Website.findByPk(websiteId))!;
    if (clientId !== null && !canActAsClient(actor)) {
      const client = await User.findOne({ where: { id: clientId, websiteId, role: 'client' } });
      if (!client) throw ValidationFailed({ clientId: 'is not a client of this website' });
    }
    await assertPreferredWriter(websiteId, input.preferredWriterId);
    const number = String(await nextCounterValue(websiteId, 'order_number', FIRST_ORDER_NUMBER));
    const { clientId: _ignored, ...details } = input;
    const order = await Order.create({
      ...details,
      websiteId,
      number,
      clientId,
      currency: website.currency,
      createdBy: actor.userId,
      visibility: input.preferredWriterId ? 'preferred_writer_only' : 'pool',
    });
    await recordOrderEvent(actor, order, 'created');
    await recordAudit(actor, { action: 'order.create', targetType: 'order', targetId: order.id, after: { number, clientId, ...details } });
    return order;
  });
}

/** Updates a draft step by step; each step is validated by the route's schema, codes at submit. */
export async function updateDraftOrder(actor: Actor, orderId: number, patch: OrderDetailsInput): Promise<Order> {
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    if (!canDraftOrders(actor)) throw Forbidden('You may not edit this order');
    if (order.status !== 'draft') {
      throw Conflict('Only a draft can be edited; ask support to change a placed order', { currentStatus: order.status });
    }
    await assertPreferredWriter(order.websiteId, patch.preferredWriterId);
    const before = order.get({ plain: true }) as Record<string, unknown>;
    const visibility =
      patch.preferredWriterId !== undefined ? (patch.preferredWriterId ? 'preferred_writer_only' : 'pool') : order.visibility;
    await order.update({ ...patch, visibility, lastActivityAt: clock.now() });
    const after = order.get({ plain: true }) as Record<string, unknown>;
    const keys = [...Object.keys(patch), 'visibility'];
    await recordAudit(actor, {
      action: 'order.update_draft',
      targetType: 'order',
      targetId: order.id,
      websiteId: order.websiteId,
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, after[k]])),
    });
    return order;
  });
}

/** What a draft still lacks before it can be priced and placed. */
export function missingForSubmission(order: Order, now: Date): FieldErrors {
  const missing: FieldErrors = {};
  if (!order.topic) missing.topic = 'is required';
  if (!order.paperType) missing.paperType = 'is required';
  if (!order.academicLevel) missing.academicLevel = 'is required';
  if (!order.subject) missing.subject = 'is required';
  if (!order.pages) missing.pages = 'is required';
  if (!order.deadline) missing.deadline = 'is required';
  else if (order.deadline.getTime() <= now.getTime()) missing.deadline = 'must be in the future';
  return missing;
}

/**
 * Places a draft: prices it with the website's active price list, applies the discounts (each
 * source frozen in the breakdown, the code's use reserved), freezes the line-by-line breakdown and
 * the version, sets the writer deadline and moves it to pending_payment at the discounted total.
 */
export async function submitOrder(actor: Actor, orderId: number): Promise<Order> {
  return inTransaction(async () => {
    const order = await lockVisibleOrder(actor, orderId);
    const now = clock.now();
    const missing = missingForSubmission(order, now);
    if (Object.keys(missing).length) throw ValidationFailed(missing, 'The order is not complete');
    const { priceListId, quote } = await priceDraft(order, now);
    // Discounts (automatic and the typed code) under the code's row lock; a refused code stops the submit.
    const discounts = await evaluateDiscounts(actor, {
      websiteId: order.websiteId,
      clientId: order.clientId,
      subtotalCents: quote.totalCents,
      code: order.discountCode,
      orderId: order.id,
      lock: true,
    });
    if (discounts.code && discounts.code.status === 'refused') {
      throw new AppError(
        'validation_failed',
        discounts.code.message,
        { discountCode: discounts.code.message },
        { reason: discounts.code.reason },
      );
    }
    await reserveDiscountUsage(actor, order, discounts.applied);
    const totalCents = discounts.summary.totalAfterDiscountsCents;
    const placed = await transitionOrder(actor, order, 'submit', {
      patch: {
        priceListId,
        priceBreakdown: discounts.summary.sources.length ? { ...quote, discounts: discounts.summary } : quote,
        totalCents,
        placedAt: now,
        writerDeadline: writerDeadline(now, order.deadline!),
      },
      data: {
        totalCents,
        priceListId,
        ...(discounts.summary.totalDiscountCents ? { discountCents: discounts.summary.totalDiscountCents } : {}),
      },
    });
    // Discounts that cover everything leave nothing to pay: the order goes straight to staffing.
    return totalCents === 0 ? publishPaidOrder(actor, placed) : placed;
  });
}
