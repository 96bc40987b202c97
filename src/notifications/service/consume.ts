import { User } from '../../identity/index.js';
import { MESSAGE_POSTED_EVENT, type MessagePostedPayload } from '../../orders/messages/index.js';
import { Order, ORDER_EVENT_TYPE, type OrderEventPayload } from '../../orders/index.js';
import { PAYMENT_CONFIRMED_EVENT, type PaymentConfirmedPayload } from '../../payments/index.js';
import { REFUND_DECIDED_EVENT, type RefundDecidedPayload } from '../../payments/refunds/index.js';
import { REVIEW_MODERATED_EVENT, type ReviewModeratedPayload } from '../../reviews/index.js';
import { TICKET_ESCALATED_EVENT, TICKET_REPLIED_EVENT, type TicketEventPayload } from '../../support/index.js';
import { FINE_APPEAL_DECIDED_EVENT, FINE_APPEALED_EVENT, FINE_ISSUED_EVENT, type FineEventPayload } from '../../writers/fines/index.js';
import { LEVEL_CHANGED_EVENT, type LevelChangedPayload } from '../../writers/levels/index.js';
import { PAYOUT_PAID_EVENT, type PayoutPaidPayload } from '../../writers/payouts/index.js';
import type { StoredOutboxEvent } from '../../platform/outbox.js';
import {
  noticesForFine,
  noticesForLevelChanged,
  noticesForPaymentConfirmed,
  noticesForPayoutPaid,
  noticesForRefundDecided,
  noticesForReviewModerated,
  noticesForTicketEscalated,
  noticesForTicketReply,
} from '../area-rules.js';
import { noticesForMessage, noticesForOrderStep, type Notice, type OrderFacts } from '../rules.js';
import { saveNotices } from './deliver.js';
import { noticeForReminder, type ReminderFacts } from '../rules.js';
import { alreadyReminded, isReminderEvent, reminderData } from './reminder-notices.js';

async function orderFacts(orderId: number): Promise<OrderFacts | null> {
  const order = await Order.findByPk(orderId, { attributes: ['id', 'number', 'clientId', 'writerId'] });
  return order ? { id: order.id, number: order.number, clientId: order.clientId, writerId: order.writerId } : null;
}

const orderNumberOf = async (orderId: number | null): Promise<string | null> =>
  orderId === null ? null : ((await orderFacts(orderId))?.number ?? null);

/** The active admins of a website (escalations go up to them). */
async function adminsOf(websiteId: number | null): Promise<number[]> {
  if (websiteId === null) return [];
  const admins = await User.findAll({ where: { websiteId, role: 'admin', status: 'active' }, attributes: ['id'], order: [['id', 'ASC']] });
  return admins.map((a) => a.id);
}

interface Made {
  notices: Notice[];
  /** Ids the notifications concern (shown to their recipients as `data`). */
  data: Record<string, unknown>;
}

const FINE_TYPES: Record<string, 'issued' | 'appealed' | 'appeal_decided'> = {
  [FINE_ISSUED_EVENT]: 'issued',
  [FINE_APPEALED_EVENT]: 'appealed',
  [FINE_APPEAL_DECIDED_EVENT]: 'appeal_decided',
};

/** The notices an event gives, with what the consumer read to make them; null: not an event of ours. */
async function noticesOf(event: StoredOutboxEvent): Promise<Made | null> {
  const payload = event.payload as unknown;
  switch (event.type) {
    case ORDER_EVENT_TYPE: {
      const step = payload as OrderEventPayload;
      const order = await orderFacts(step.orderId);
      return order
        ? { notices: noticesForOrderStep(step, order), data: { orderId: order.id, orderNumber: order.number, action: step.action } }
        : null;
    }
    case MESSAGE_POSTED_EVENT: {
      const message = payload as MessagePostedPayload;
      const order = await orderFacts(message.orderId);
      return order
        ? {
            notices: noticesForMessage(message, order),
            data: { orderId: order.id, messageId: message.messageId, threadKind: message.threadKind },
          }
        : null;
    }
    case PAYMENT_CONFIRMED_EVENT: {
      const p = payload as PaymentConfirmedPayload;
      const orderNumber = await orderNumberOf(p.orderId);
      return { notices: noticesForPaymentConfirmed(p, orderNumber), data: { paymentId: p.paymentId, orderId: p.orderId, orderNumber } };
    }
    case REFUND_DECIDED_EVENT: {
      const p = payload as RefundDecidedPayload;
      const orderNumber = await orderNumberOf(p.orderId);
      return { notices: noticesForRefundDecided(p, orderNumber), data: { refundId: p.refundId, orderId: p.orderId, orderNumber } };
    }
    case FINE_ISSUED_EVENT:
    case FINE_APPEALED_EVENT:
    case FINE_APPEAL_DECIDED_EVENT: {
      const p = payload as FineEventPayload;
      const orderNumber = await orderNumberOf(p.orderId);
      return {
        notices: noticesForFine(FINE_TYPES[event.type]!, p, orderNumber),
        data: { fineId: p.fineId, orderId: p.orderId, orderNumber },
      };
    }
    case PAYOUT_PAID_EVENT: {
      const p = payload as PayoutPaidPayload;
      return { notices: noticesForPayoutPaid(p), data: { payoutId: p.payoutId } };
    }
    case TICKET_REPLIED_EVENT: {
      const p = payload as TicketEventPayload;
      return { notices: noticesForTicketReply(p), data: { ticketId: p.ticketId, messageId: p.messageId ?? null } };
    }
    case TICKET_ESCALATED_EVENT: {
      const p = payload as TicketEventPayload;
      return { notices: noticesForTicketEscalated(p, await adminsOf(event.websiteId)), data: { ticketId: p.ticketId } };
    }
    case REVIEW_MODERATED_EVENT: {
      const p = payload as ReviewModeratedPayload;
      return { notices: noticesForReviewModerated(p), data: { reviewId: p.reviewId, orderId: p.orderId } };
    }
    case LEVEL_CHANGED_EVENT: {
      const p = payload as LevelChangedPayload;
      return { notices: noticesForLevelChanged(p), data: { level: p.toLevel, previousLevel: p.fromLevel } };
    }
    default:
      if (isReminderEvent(event.type)) {
        // A reminder names its recipient: the writer at the deadline, the client of the order.
        const reminder = { ...(payload as object), type: event.type } as ReminderFacts;
        return (await alreadyReminded(reminder)) ? null : { notices: [noticeForReminder(reminder)], data: reminderData(reminder) };
      }
      return null;
  }
}

/**
 * The outbox consumer of the notifications area (registered in src/wiring.ts): an event another
 * area recorded becomes notifications for the people it concerns, on the channels each of them
 * chose (in-app rows; email and SMS deliveries sent after this transaction commits). Runs in the
 * dispatcher's transaction; idempotent.
 */
export async function notifyOnEvent(event: StoredOutboxEvent): Promise<void> {
  const made = await noticesOf(event);
  if (made?.notices.length) await saveNotices(event, made.notices, made.data);
}
