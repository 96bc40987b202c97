import { OrderDeadlineChange } from '../../orders/deadlines/index.js';
import { listOrderFiles, type OrderFileView } from '../../orders/files/index.js';
import type { Order } from '../../orders/index.js';
import { MessageThread, OrderMessage } from '../../orders/messages/index.js';
import { listRevisions } from '../../orders/revisions/index.js';
import type { Actor } from '../../platform/actor.js';
import { Fine } from '../../writers/fines/index.js';
import { peopleByIds, type PersonRef } from './people.js';

/** What happened around the order besides its status: files, messages, revisions, deadline changes, fines. */

export interface CockpitMessage {
  id: number;
  threadKind: string;
  status: string;
  /** Held for review: the other party has not seen it yet. */
  held: boolean;
  holdReasons: string[];
  body: string;
  author: (PersonRef & { party: string }) | { party: string; role: string };
  createdAt: string;
}

export interface CockpitRevision {
  id: number;
  status: string;
  requesterRole: string;
  reason: string;
  instructionsChanged: boolean;
  chargeCents: number;
  deadline: string;
  createdAt: string;
}

export interface CockpitDeadlineChange {
  id: number;
  kind: string;
  status: string;
  requesterRole: string;
  oldDeadline: string;
  newDeadline: string;
  chargeCents: number;
  createdAt: string;
}

export interface CockpitFine {
  id: number;
  typeCode: string;
  status: string;
  amountCents: number;
  reason: string;
  appealOpen: boolean;
  createdAt: string;
}

/** The most recent messages the cockpit shows (the held-messages queue has them all). */
export const COCKPIT_MESSAGES = 100;

/** Staff see every live file (the files area checks the actor and says who uploaded each). */
export async function filesOf(actor: Actor, order: Order): Promise<OrderFileView[]> {
  return (await listOrderFiles(actor, order.id)).items;
}

/**
 * Every thread's messages as staff read them (original words, held and rejected ones too),
 * oldest first. Read without marking them read: looking at the cockpit is not reading the thread.
 */
export async function messagesOf(order: Order): Promise<{ items: CockpitMessage[]; more: boolean }> {
  const threads = await MessageThread.findAll({ where: { orderId: order.id }, attributes: ['id', 'kind'] });
  const kindOf = new Map(threads.map((t) => [t.id, t.kind]));
  if (!threads.length) return { items: [], more: false };
  // By thread: order_messages is indexed on (thread_id, id), not on the order.
  const rows = await OrderMessage.findAll({
    where: { threadId: threads.map((t) => t.id), websiteId: order.websiteId },
    order: [['id', 'DESC']],
    limit: COCKPIT_MESSAGES + 1,
  });
  const page = rows.slice(0, COCKPIT_MESSAGES).reverse();
  const people = await peopleByIds(page.map((m) => m.authorId));
  const items = page.map((m): CockpitMessage => {
    const person = m.authorId !== null ? people.get(m.authorId) : undefined;
    const party = partyOf(m.authorRole);
    return {
      id: m.id,
      threadKind: kindOf.get(m.threadId) ?? 'unknown',
      status: m.status,
      held: m.status === 'held',
      holdReasons: m.holdReasons ?? [],
      body: m.body,
      author: person ? { ...person, party } : { party, role: m.authorRole },
      createdAt: m.createdAt.toISOString(),
    };
  });
  return { items, more: rows.length > COCKPIT_MESSAGES };
}

const partyOf = (role: string) => (role === 'client' || role === 'writer' ? role : 'support');

/** Revisions through the revisions area (it checks the actor: staff and the client). */
export async function revisionsOf(actor: Actor, order: Order): Promise<CockpitRevision[]> {
  const { revisions } = await listRevisions(actor, order.id);
  return revisions.map((r) => ({
    id: r.id,
    status: r.status,
    requesterRole: r.requesterRole,
    reason: r.reason,
    instructionsChanged: r.instructionsChanged,
    chargeCents: r.chargeCents,
    deadline: r.deadline.toISOString(),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function deadlineChangesOf(order: Order): Promise<CockpitDeadlineChange[]> {
  const rows = await OrderDeadlineChange.findAll({ where: { orderId: order.id, websiteId: order.websiteId }, order: [['id', 'ASC']] });
  return rows.map((c) => ({
    id: c.id,
    kind: c.kind,
    status: c.status,
    requesterRole: c.requesterRole,
    oldDeadline: c.oldDeadline.toISOString(),
    newDeadline: c.newDeadline.toISOString(),
    chargeCents: c.chargeCents,
    createdAt: c.createdAt.toISOString(),
  }));
}

export async function finesOf(order: Order): Promise<CockpitFine[]> {
  const rows = await Fine.findAll({ where: { orderId: order.id, websiteId: order.websiteId }, order: [['id', 'ASC']] });
  return rows.map((f) => ({
    id: f.id,
    typeCode: f.typeCode,
    status: f.status,
    amountCents: f.amountCents,
    reason: f.reason,
    appealOpen: f.appealOpen,
    createdAt: f.createdAt.toISOString(),
  }));
}
