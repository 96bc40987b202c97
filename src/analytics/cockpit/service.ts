import { Order, orderHistory } from '../../orders/index.js';
import type { OrderFileView } from '../../orders/files/index.js';
import { requestsOfOrder, type OrderRequestView } from '../../orders/requests/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { NotFound } from '../../platform/errors.js';
import {
  deadlineChangesOf,
  filesOf,
  finesOf,
  messagesOf,
  revisionsOf,
  type CockpitDeadlineChange,
  type CockpitFine,
  type CockpitMessage,
  type CockpitRevision,
} from './activity.js';
import { orderAuditTimeline, type AuditPage, type AuditTimeline } from './audit.js';
import { moneyOf, paymentsOf, refundsOf, type CockpitMoney, type CockpitPayment, type CockpitRefund } from './money.js';
import { clientStanding, writerStanding, type ClientStanding, type WriterStanding } from './people.js';
import { assertCanReadCockpit } from './policy.js';

type History = Awaited<ReturnType<typeof orderHistory>>;

/** An order at a glance for staff: every part read through the area that owns it, in one answer. */
export interface OrderCockpit {
  order: {
    id: number;
    number: string;
    websiteId: number;
    status: string;
    previousStatus: string | null;
    topic: string | null;
    visibility: string;
    placedAt: string | null;
    paidAt: string | null;
    assignedAt: string | null;
    deliveredAt: string | null;
    completedAt: string | null;
    cancelledAt: string | null;
  };
  people: { client: ClientStanding | null; writer: WriterStanding | null };
  money: CockpitMoney;
  price: Pick<History, 'priceList' | 'lines' | 'deadlineBand' | 'cancellation'>;
  payments: CockpitPayment[];
  refunds: CockpitRefund[];
  deadline: {
    deadline: string | null;
    writerDeadline: string | null;
    overdueAt: string | null;
    stuckAt: string | null;
    changes: CockpitDeadlineChange[];
  };
  timeline: History['timeline'];
  files: OrderFileView[];
  messages: { items: CockpitMessage[]; more: boolean };
  requests: OrderRequestView[];
  revisions: CockpitRevision[];
  fines: CockpitFine[];
  /** Null when the actor may not read the audit log (support). */
  audit: AuditTimeline | null;
  /** The server's time when read: "time left" counts from it. */
  asOf: string;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Staff of the order's website (a superadmin any); anyone else: the order is not found. */
export async function orderCockpit(actor: Actor, orderId: number, auditPage: AuditPage = {}): Promise<OrderCockpit> {
  assertCanReadCockpit(actor);
  // orderHistory is orders' staff read: it checks the actor sees the order before anything else is read.
  const history = await orderHistory(actor, orderId);
  const order = await Order.findByPk(orderId);
  if (!order) throw NotFound('Order');
  const [client, writer, payments, refunds, files, messages, requests, revisions, changes, fines] = await Promise.all([
    clientStanding(order),
    writerStanding(actor, order),
    paymentsOf(order),
    refundsOf(order),
    filesOf(actor, order),
    messagesOf(order),
    requestsOfOrder(actor, order.id),
    revisionsOf(actor, order),
    deadlineChangesOf(order),
    finesOf(order),
  ]);
  const audit = await orderAuditTimeline(
    actor,
    order.websiteId,
    [
      { type: 'order', ids: [order.id] },
      { type: 'payment', ids: payments.map((p) => p.id) },
      { type: 'refund', ids: refunds.map((r) => r.id) },
      { type: 'order_message', ids: messages.items.map((m) => m.id) },
      { type: 'order_file', ids: files.map((f) => f.id) },
      { type: 'fine', ids: fines.map((f) => f.id) },
      { type: 'order_request', ids: requests.map((r) => r.id) },
    ],
    auditPage,
  );
  return {
    order: {
      id: order.id,
      number: order.number,
      websiteId: order.websiteId,
      status: order.status,
      previousStatus: order.previousStatus,
      topic: order.topic,
      visibility: order.visibility,
      placedAt: iso(order.placedAt),
      paidAt: iso(order.paidAt),
      assignedAt: iso(order.assignedAt),
      deliveredAt: iso(order.deliveredAt),
      completedAt: iso(order.completedAt),
      cancelledAt: iso(order.cancelledAt),
    },
    people: { client, writer },
    money: await moneyOf(order, refunds),
    price: { priceList: history.priceList, lines: history.lines, deadlineBand: history.deadlineBand, cancellation: history.cancellation },
    payments,
    refunds,
    deadline: {
      deadline: iso(order.deadline),
      writerDeadline: iso(order.writerDeadline),
      overdueAt: iso(order.overdueAt),
      stuckAt: iso(order.stuckAt),
      changes,
    },
    timeline: history.timeline,
    files,
    messages,
    requests,
    revisions,
    fines,
    audit,
    asOf: clock.now().toISOString(),
  };
}
