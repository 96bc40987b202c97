import { Op } from 'sequelize';
import type { Actor } from '../../platform/actor.js';
import { User } from '../../identity/index.js';
import { NotFound } from '../../platform/errors.js';
import { levelStandingOf } from '../writer-standing.js';
import { writerPay, type PayPreview, type PayTerms } from '../writer-pay.js';
import { screenForCounterparty } from '../screening.js';
import { Order, OrderEvent } from '../models.js';
import type { OrderStatus } from '../rules.js';
import { serializeTimeline, type TimelineEntry } from '../serializers.js';
import { assertWriter } from './writer-context.js';

/** An order as its writer sees it: the client by registration ID only, never name or email. */
export interface WriterOrderView {
  id: number;
  number: string;
  status: OrderStatus;
  topic: string | null;
  instructions: string | null;
  paperType: string | null;
  workType: string;
  academicLevel: string | null;
  subject: string | null;
  pages: number | null;
  spacing: string;
  slides: number;
  charts: number;
  sourcesCount: number;
  citationStyle: string | null;
  extraServices: string[];
  writerDeadline: string | null;
  client: { registrationId: string } | null;
  assignedAt: string | null;
  deliveredAt: string | null;
  /** What the order pays the writer: by the rate card frozen when they were assigned. */
  pay: PayPreview;
  timeline?: TimelineEntry[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The client's words (topic, instructions, citation style) reach the writer screened for contact details. */
function serializeForWriter(order: Order, clientRegistrationId: string | null, currentTerms: PayTerms): WriterOrderView {
  return {
    id: order.id,
    number: order.number,
    status: order.status,
    topic: screenForCounterparty(order.topic),
    instructions: screenForCounterparty(order.instructions),
    paperType: order.paperType,
    workType: order.workType,
    academicLevel: order.academicLevel,
    subject: order.subject,
    pages: order.pages,
    spacing: order.spacing,
    slides: order.slides,
    charts: order.charts,
    sourcesCount: order.sourcesCount,
    citationStyle: screenForCounterparty(order.citationStyle),
    extraServices: order.extraServices,
    writerDeadline: iso(order.writerDeadline),
    client: clientRegistrationId ? { registrationId: clientRegistrationId } : null,
    assignedAt: iso(order.assignedAt),
    deliveredAt: iso(order.deliveredAt),
    pay: writerPay().preview(order, order.writerRateCard, currentTerms),
  };
}

async function registrationIds(ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (!wanted.length) return new Map();
  const users = await User.findAll({ where: { id: { [Op.in]: wanted } }, attributes: ['id', 'registrationId'] });
  return new Map(users.map((u) => [u.id, u.registrationId]));
}

/** The writer's own orders (current ones by default), nearest writer deadline first. */
export async function listMyWriterOrders(actor: Actor, filters: { status?: OrderStatus[] }): Promise<{ items: WriterOrderView[] }> {
  const writerId = assertWriter(actor);
  const status = filters.status?.length
    ? filters.status
    : ['pending_writer_acceptance', 'in_progress', 'under_editing', 'revision_requested', 'submitted', 'disputed', 'on_hold'];
  const orders = await Order.findAll({
    where: { writerId, websiteId: actor.websiteId!, status: { [Op.in]: status } },
    order: [
      ['writerDeadline', 'ASC'],
      ['id', 'ASC'],
    ],
    limit: 200,
  });
  const clients = await registrationIds(orders.map((o) => o.clientId));
  const card = (await levelStandingOf(writerId, actor.websiteId!)).payTerms;
  return { items: orders.map((o) => serializeForWriter(o, o.clientId ? (clients.get(o.clientId) ?? null) : null, card)) };
}

/** One order the writer holds, with its timeline. */
export async function getWriterOrder(actor: Actor, orderId: number): Promise<WriterOrderView> {
  const writerId = assertWriter(actor);
  const order = await Order.findOne({ where: { id: orderId, websiteId: actor.websiteId!, writerId } });
  if (!order) throw NotFound('Order');
  const clients = await registrationIds([order.clientId]);
  const events = await OrderEvent.findAll({
    where: { orderId },
    order: [
      ['createdAt', 'ASC'],
      ['id', 'ASC'],
    ],
  });
  const card = (await levelStandingOf(writerId, order.websiteId)).payTerms;
  return {
    ...serializeForWriter(order, order.clientId ? (clients.get(order.clientId) ?? null) : null, card),
    timeline: serializeTimeline(events, 'writer'),
  };
}
