import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { Order } from '../../src/orders/models.js';
import type { OrderStatus } from '../../src/orders/rules.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { Website } from '../../src/tenancy/models.js';
import { login } from '../identity/helpers.js';
import type { TestApp } from '../support/harness.js';
import { fundWallet } from '../support/ledger.js';

/** The people of the file-access tests: each with an actor (for services) and a token (for HTTP). */
export interface Person {
  actor: Actor;
  token: string;
  host: string;
}

export type Cast = Record<'client' | 'otherClient' | 'writer' | 'otherWriter' | 'admin' | 'support' | 'editor' | 'adminB', Person>;

async function person(t: TestApp, email: string, host = 'localhost'): Promise<Person> {
  const user = (await User.findOne({ where: { email } }))!;
  const { accessToken } = await login(t.app, email, { host });
  return { actor: { userId: user.id, role: user.role, websiteId: user.websiteId }, token: accessToken, host };
}

/**
 * A second client and a second writer on website A (same demo password: the hash is copied, so
 * no slow hashing), then every person signed in through the API.
 */
export async function castOf(t: TestApp): Promise<Cast> {
  const a = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!;
  const { passwordHash } = (await User.unscoped().findOne({ where: { email: 'client@scriptorium.test' } }))!;
  await User.create({
    websiteId: a.id,
    role: 'client',
    registrationId: 'CL-990001',
    email: 'other-client@scriptorium.test',
    passwordHash,
    displayName: 'Other Client',
  });
  await User.create({
    websiteId: a.id,
    role: 'writer',
    registrationId: 'WR-990001',
    email: 'other-writer@scriptorium.test',
    passwordHash,
    displayName: 'Other Writer',
    penName: 'Grey Wren',
  });
  const entries = await Promise.all([
    person(t, 'client@scriptorium.test'),
    person(t, 'other-client@scriptorium.test'),
    person(t, 'writer@scriptorium.test'),
    person(t, 'other-writer@scriptorium.test'),
    person(t, 'admin@scriptorium.test'),
    person(t, 'support@scriptorium.test'),
    person(t, 'editor@scriptorium.test'),
    person(t, 'admin@b.scriptorium.test', 'b.localhost'),
  ]);
  const [client, otherClient, writer, otherWriter, admin, support, editor, adminB] = entries as [
    Person,
    Person,
    Person,
    Person,
    Person,
    Person,
    Person,
    Person,
  ];
  return { client, otherClient, writer, otherWriter, admin, support, editor, adminB };
}

export interface OrderSetup {
  /** 'full' pays the whole total, 'part' half of it, 'none' nothing. */
  paid?: 'full' | 'part' | 'none';
  /** Assigns this writer (directly: the assignment services are another issue's). */
  writer?: Person;
  /** The status to leave the order in (set directly, after payment and assignment). */
  status?: OrderStatus;
}

/** A placed order of `client`, paid, assigned and moved as asked. */
export async function placeOrder(cast: Cast, setup: OrderSetup = {}, client = cast.client): Promise<Order> {
  const draft = await createDraftOrder(client.actor, {
    topic: 'Rivers of medieval Europe',
    paperType: 'essay',
    academicLevel: 'undergraduate',
    subject: 'history',
    pages: 2,
    deadline: new Date(clock.now().getTime() + 10 * 86_400_000),
  });
  const order = await submitOrder(client.actor, draft.id);
  const paid = setup.paid ?? 'full';
  if (paid !== 'none') {
    const amountCents = paid === 'full' ? order.totalCents! : Math.floor(order.totalCents! / 2);
    await fundWallet(order.websiteId, order.clientId!, amountCents, order.currency);
    await payOrderFromWallet(client.actor, order.id, { amountCents });
  }
  const patch: Partial<Order['_creationAttributes']> = {};
  if (setup.writer) Object.assign(patch, { writerId: setup.writer.actor.userId, assignedAt: clock.now(), status: 'in_progress' });
  if (setup.status) patch.status = setup.status;
  if (Object.keys(patch).length) await Order.update(patch, { where: { id: order.id } });
  return (await Order.findByPk(order.id))!;
}

/** An authenticated API request as `who`. */
export function api(t: TestApp, who: Person, method: 'get' | 'post' | 'delete', apiPath: string) {
  return request(t.app)[method](`/api/v1${apiPath}`).set('Host', who.host).set('Authorization', `Bearer ${who.token}`);
}

/** Uploads `bytes` as `name` into `category`. */
export function upload(t: TestApp, who: Person, orderId: number, category: string, name: string, bytes: Buffer) {
  return api(t, who, 'post', `/orders/${orderId}/files`)
    .field('category', category)
    .attach('file', bytes, { filename: name, contentType: 'application/octet-stream' });
}

/** Reads a response body as raw bytes whatever its type. */
export function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Follows a signed local download URL (a path under /api/v1) on `host`. */
export function download(t: TestApp, url: string, host = 'localhost') {
  return request(t.app).get(url).set('Host', host).buffer(true).parse(binary);
}

/** Every object in the local store (to prove nothing is left behind). */
export function storedObjects(t: TestApp): string[] {
  const root = path.join(t.dataDir, 'uploads');
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(root, path.join(d.parentPath, d.name)));
  } catch {
    return [];
  }
}
