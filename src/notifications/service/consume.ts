import { MESSAGE_POSTED_EVENT, type MessagePostedPayload } from '../../orders/messages/index.js';
import { Order, ORDER_EVENT_TYPE, type OrderEventPayload } from '../../orders/index.js';
import type { StoredOutboxEvent } from '../../platform/outbox.js';
import { Notification } from '../models.js';
import { announceNotifications } from './live.js';
import { noticesForMessage, noticesForOrderStep, type Notice, type OrderFacts } from '../rules.js';
import { noticeForReminder, type ReminderFacts } from '../rules.js';
import { alreadyReminded, isReminderEvent, reminderData } from './reminder-notices.js';

async function orderFacts(orderId: number): Promise<OrderFacts | null> {
  const order = await Order.findByPk(orderId, { attributes: ['id', 'number', 'clientId', 'writerId'] });
  return order ? { id: order.id, number: order.number, clientId: order.clientId, writerId: order.writerId } : null;
}

async function save(event: StoredOutboxEvent, notices: Notice[], data: Record<string, unknown>): Promise<void> {
  if (!notices.length) return;
  // (event, user, kind) is unique: an event handed over again notifies no one twice.
  await Notification.bulkCreate(
    notices.map((n) => ({
      websiteId: event.websiteId,
      userId: n.userId,
      eventId: event.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      data,
    })),
    { ignoreDuplicates: true },
  );
  // Their live streams read them once this transaction commits (a repeat hand-over wakes them for nothing new).
  announceNotifications(notices.map((n) => n.userId));
}

/**
 * The outbox consumer of the notifications area (registered in src/wiring.ts): an order's step or
 * a message now readable becomes in-app notifications for the people it concerns. Runs in the
 * dispatcher's transaction; idempotent.
 */
export async function notifyOnEvent(event: StoredOutboxEvent): Promise<void> {
  if (event.type === ORDER_EVENT_TYPE) {
    const step = event.payload as unknown as OrderEventPayload;
    const order = await orderFacts(step.orderId);
    if (order) await save(event, noticesForOrderStep(step, order), { orderId: order.id, orderNumber: order.number, action: step.action });
  } else if (event.type === MESSAGE_POSTED_EVENT) {
    const message = event.payload as unknown as MessagePostedPayload;
    const order = await orderFacts(message.orderId);
    if (order)
      await save(event, noticesForMessage(message, order), {
        orderId: order.id,
        messageId: message.messageId,
        threadKind: message.threadKind,
      });
  } else if (isReminderEvent(event.type)) {
    // A reminder names its recipient: the writer at the deadline, the client of the order.
    const reminder = { ...(event.payload as object), type: event.type } as ReminderFacts;
    if (!(await alreadyReminded(reminder))) await save(event, [noticeForReminder(reminder)], reminderData(reminder));
  }
}
