import { col, fn } from 'sequelize';
import { User } from '../../identity/index.js';
import { Order } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { writerProfile } from '../../writers/index.js';

/** The order's client and writer with their standing, as staff weigh them on the order's page. */

export interface ClientStanding {
  id: number;
  registrationId: string;
  name: string;
  status: string;
  /** The client's orders on this website (drafts included) and the money received on them. */
  ordersCount: number;
  spentCents: number;
}

export interface WriterStanding {
  id: number;
  registrationId: string;
  penName: string | null;
  name: string;
  status: string;
  level: string | null;
  /** Clients' approved public reviews (0–5) and how many. */
  rating: { average: number | null; count: number } | null;
  warnings: Array<{ kind: string; reason: string; endsAt: string }>;
  /** Probation or suspension in force, if any. */
  restriction: { kind: string; endsAt: string } | null;
}

const PEOPLE_ATTRIBUTES = ['id', 'registrationId', 'displayName', 'penName', 'status', 'websiteId'] as const;

export async function clientStanding(order: Order): Promise<ClientStanding | null> {
  if (order.clientId === null) return null;
  const client = await User.findByPk(order.clientId, { attributes: [...PEOPLE_ATTRIBUTES] });
  if (!client) return null;
  const [totals] = (await Order.findAll({
    attributes: [
      [fn('count', col('id')), 'n'],
      [fn('coalesce', fn('sum', col('paid_cents')), 0), 'spent'],
    ],
    where: { clientId: client.id, websiteId: order.websiteId },
    raw: true,
  })) as unknown as Array<{ n: string | number; spent: string | number }>;
  return {
    id: client.id,
    registrationId: client.registrationId,
    name: client.displayName,
    status: client.status,
    ordersCount: Number(totals?.n ?? 0),
    spentCents: Number(totals?.spent ?? 0),
  };
}

/** The writer's standing comes from writers/levels (writerProfile checks the actor again). */
export async function writerStanding(actor: Actor, order: Order): Promise<WriterStanding | null> {
  if (order.writerId === null) return null;
  const writer = await User.findByPk(order.writerId, { attributes: [...PEOPLE_ATTRIBUTES] });
  if (!writer) return null;
  const profile = await writerProfile(actor, writer.id);
  return {
    id: writer.id,
    registrationId: writer.registrationId,
    penName: writer.penName,
    name: writer.displayName,
    status: writer.status,
    level: profile.level.name,
    rating: profile.rating,
    warnings: profile.warnings.map((w) => ({ kind: w.kind, reason: w.reason, endsAt: w.endsAt })),
    restriction: profile.restriction,
  };
}

/** Names of the people the cockpit's rows mention (authors, actors), by id. */
export async function peopleByIds(ids: Iterable<number | null | undefined>): Promise<Map<number, PersonRef>> {
  const wanted = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length) return new Map();
  const users = await User.findAll({ where: { id: wanted }, attributes: ['id', 'registrationId', 'displayName', 'penName', 'role'] });
  return new Map(users.map((u) => [u.id, { id: u.id, role: u.role, registrationId: u.registrationId, name: u.penName ?? u.displayName }]));
}

export interface PersonRef {
  id: number;
  role: string;
  registrationId: string;
  name: string;
}
