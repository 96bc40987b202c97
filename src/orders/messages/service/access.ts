import type { Actor } from '../../../platform/actor.js';
import { currentTransaction } from '../../../platform/database.js';
import { AppError, Forbidden, NotFound } from '../../../platform/errors.js';
import { settingsOf, Website } from '../../../tenancy/index.js';
import { Order } from '../../models.js';
import { canActAsOrderStaff, canSeeOrder } from '../../policy.js';
import { MessageThread } from '../models.js';
import { threadAccess, type MessageParty, type ThreadKind } from '../rules.js';

/** How the actor stands to the order for its messages; null when they have no part in it. */
export function messagePartyOf(actor: Actor, order: Order): MessageParty | null {
  if (!canSeeOrder(actor, order)) return null;
  if (actor.role === 'client') return 'client';
  if (actor.role === 'writer') return 'writer';
  if (canActAsOrderStaff(actor)) return 'staff';
  return null;
}

export interface OrderForMessages {
  order: Order;
  party: MessageParty;
  clientWriterEnabled: boolean;
}

/**
 * The order with the actor's part in it and the website's switch for client<->writer messages;
 * 404 when the actor has no part (existence stays hidden). `lock` takes the order's row lock, so
 * posting serialises with archiving and with the lazy creation of a thread.
 */
export async function orderForMessages(actor: Actor, orderId: number, lock = false): Promise<OrderForMessages> {
  const transaction = currentTransaction();
  const order = await Order.findByPk(orderId, lock && transaction ? { lock: transaction.LOCK.UPDATE } : {});
  const party = order ? messagePartyOf(actor, order) : null;
  if (!order || !party) throw NotFound('Order');
  const website = await Website.findByPk(order.websiteId);
  return { order, party, clientWriterEnabled: website ? settingsOf(website).clientWriterMessages : false };
}

export interface ThreadForActor extends OrderForMessages {
  kind: ThreadKind;
  /** Null until the thread's first message. */
  thread: MessageThread | null;
  canWrite: boolean;
  whyNot?: string;
}

/** One thread of the order as the actor may use it: 404 when not theirs, 403 when the website turned it off. */
export async function threadForActor(actor: Actor, orderId: number, kind: ThreadKind, lock = false): Promise<ThreadForActor> {
  const base = await orderForMessages(actor, orderId, lock);
  const thread = await MessageThread.findOne({ where: { orderId: base.order.id, kind } });
  const access = threadAccess({
    party: base.party,
    kind,
    orderStatus: base.order.status,
    hasClient: base.order.clientId !== null,
    hasWriter: base.order.writerId !== null,
    clientWriterEnabled: base.clientWriterEnabled,
    threadExists: thread !== null,
  });
  if (!access.ok) {
    if (access.reason === 'disabled') throw Forbidden(access.message);
    throw NotFound('Thread');
  }
  return { ...base, kind, thread, canWrite: access.canWrite, whyNot: access.whyNot };
}

/** Refuses a post the thread does not accept: 409 on an archived order, 403 otherwise. */
export function assertCanWrite(target: ThreadForActor): void {
  if (target.canWrite) return;
  if (target.order.status === 'archived') {
    throw new AppError('conflict', 'The order is archived; no new messages can be sent', undefined, { currentStatus: target.order.status });
  }
  throw Forbidden(target.whyNot ?? 'You cannot write in this thread');
}
