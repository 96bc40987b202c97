import { screenForCounterparty } from './screening.js';
import type { Order, OrderEvent } from './models.js';
import type { OrderStatus } from './rules.js';

/** What a client sees of an order in lists. Never the writer deadline or internal flags. */
export interface ClientOrderSummary {
  id: number;
  number: string;
  status: OrderStatus;
  topic: string | null;
  paperType: string | null;
  academicLevel: string | null;
  pages: number | null;
  deadline: string | null;
  currency: string;
  totalCents: number | null;
  paidCents: number;
  createdAt: string;
  placedAt: string | null;
}

type SummaryRow = Pick<
  Order,
  | 'id'
  | 'number'
  | 'status'
  | 'topic'
  | 'paperType'
  | 'academicLevel'
  | 'pages'
  | 'deadline'
  | 'currency'
  | 'totalCents'
  | 'paidCents'
  | 'createdAt'
  | 'placedAt'
>;

/** A summary row whose timestamps are ISO 8601 strings already (the list query gives them so). */
export type SummaryIsoRow = Omit<SummaryRow, 'deadline' | 'createdAt' | 'placedAt'> & {
  deadline: string | null;
  createdAt: string;
  placedAt: string | null;
};

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** `row` may be an Order instance (its attributes are getters: read them one by one, never spread it). */
export function serializeClientSummary(row: SummaryRow): ClientOrderSummary {
  return summaryOf(row, iso(row.deadline), iso(row.createdAt)!, iso(row.placedAt));
}

export function serializeClientSummaryIso(row: SummaryIsoRow): ClientOrderSummary {
  return summaryOf(row, row.deadline, row.createdAt, row.placedAt);
}

function summaryOf(
  row: SummaryRow | SummaryIsoRow,
  deadline: string | null,
  createdAt: string,
  placedAt: string | null,
): ClientOrderSummary {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    topic: row.topic,
    paperType: row.paperType,
    academicLevel: row.academicLevel,
    pages: row.pages,
    deadline,
    currency: row.currency,
    totalCents: row.totalCents,
    paidCents: row.paidCents,
    createdAt,
    placedAt,
  };
}

/** A writer as clients see them: pen name and registration ID only. */
export interface WriterPublicView {
  penName: string | null;
  registrationId: string;
}

export interface TimelineEntry {
  action: string;
  fromStatus: OrderStatus | null;
  toStatus: OrderStatus | null;
  byRole: string;
  note: string | null;
  at: string;
}

/** Non-status events a party may see; everything else (messages held, flags, requests, files) is staff's. */
const PARTY_EVENTS: Record<'client' | 'writer', ReadonlySet<string>> = {
  client: new Set([
    'created',
    'payment_recorded',
    'client_attached',
    'deadline_changed',
    'revision_awaiting_payment',
    'revision_withdrawn',
    'revision_lapsed',
  ]),
  writer: new Set(['created', 'deadline_changed']),
};

/**
 * A timeline note as the audience reads it: the client's own as written, the client's to the writer
 * screened, an editor's return notes to the writer.
 */
function noteFor(e: OrderEvent, audience: 'client' | 'writer' | 'staff'): string | null {
  if (audience === 'staff') return e.note ?? null;
  // An editor's notes when returning the work are for the writer (never the client).
  if (e.actorRole === 'editor') return audience === 'writer' && e.action === 'return_to_writer' ? (e.note ?? null) : null;
  if (e.actorRole !== 'client') return null;
  return audience === 'writer' ? screenForCounterparty(e.note ?? null) : (e.note ?? null);
}

/**
 * The timeline as one audience may read it: parties see status changes (and a few events of
 * their own), with notes only where the client wrote them (the client's dispute, cancellation and
 * revision reasons reach the writer with contact details masked); staff see everything.
 */
export function serializeTimeline(events: OrderEvent[], audience: 'client' | 'writer' | 'staff'): TimelineEntry[] {
  const visible = audience === 'staff' ? events : events.filter((e) => e.fromStatus !== e.toStatus || PARTY_EVENTS[audience].has(e.action));
  return visible.map((e) => ({
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    byRole: e.actorRole,
    note: noteFor(e, audience),
    at: e.createdAt.toISOString(),
  }));
}

export interface ClientOrderDetail extends ClientOrderSummary {
  instructions: string | null;
  workType: string;
  subject: string | null;
  spacing: string;
  slides: number;
  charts: number;
  sourcesCount: number;
  citationStyle: string | null;
  writerLevel: string;
  extraServices: string[];
  visibility: string;
  preferredWriter: WriterPublicView | null;
  writer: WriterPublicView | null;
  priceBreakdown: Order['priceBreakdown'];
  deliveredAt: string | null;
  completedAt: string | null;
  timeline: TimelineEntry[];
}

export function serializeClientDetail(
  order: Order,
  people: { writer: WriterPublicView | null; preferredWriter: WriterPublicView | null },
  events: OrderEvent[],
): ClientOrderDetail {
  return {
    ...serializeClientSummary(order),
    instructions: order.instructions,
    workType: order.workType,
    subject: order.subject,
    spacing: order.spacing,
    slides: order.slides,
    charts: order.charts,
    sourcesCount: order.sourcesCount,
    citationStyle: order.citationStyle,
    writerLevel: order.writerLevel,
    extraServices: order.extraServices,
    visibility: order.visibility,
    preferredWriter: people.preferredWriter,
    writer: people.writer,
    priceBreakdown: order.priceBreakdown,
    deliveredAt: iso(order.deliveredAt),
    completedAt: iso(order.completedAt),
    timeline: serializeTimeline(events, 'client'),
  };
}
