import request from 'supertest';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import type { Order } from '../../src/orders/models.js';
import { login } from '../identity/helpers.js';
import type { TestApp } from '../support/harness.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import type { OrderDetailsInput } from '../../src/orders/service/wizard.js';

// A minimal valid PDF: uploads sniff content, so the bytes must really be one.
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export const HOSTS = { a: 'localhost', b: 'b.localhost' } as const;
export type Site = keyof typeof HOSTS;

/** A demo person signed in through the API, with their actor for fixtures. */
export interface Person {
  actor: Actor & { userId: number };
  token: string;
  host: string;
}

export async function person(t: TestApp, email: string, site: Site): Promise<Person> {
  const user = (await User.findOne({ where: { email } }))!;
  const { accessToken } = await login(t.app, email, { host: HOSTS[site] });
  return { actor: { userId: user.id, role: user.role, websiteId: user.websiteId }, token: accessToken, host: HOSTS[site] };
}

export const demoEmail = (role: string, site: Site) => `${role}@${site === 'a' ? '' : 'b.'}scriptorium.test`;

/** The demo client's paid order, assigned to the demo writer of the same website by its admin. */
export async function orderInProgress(site: Site, details: OrderDetailsInput = {}): Promise<Order> {
  const client = await actorFor(demoEmail('client', site));
  const admin = await actorFor(demoEmail('admin', site));
  const writer = await actorFor(demoEmail('writer', site));
  const order = await paidOrder(client, details);
  await assignWriter(admin, order.id, { writerId: writer.userId!, autoAccept: true });
  return order;
}

export const api = (t: TestApp, who: Person) => ({
  get: (path: string) =>
    request(t.app)
      .get(`/api/v1${path}`)
      .set({ Host: who.host, Authorization: `Bearer ${who.token}` }),
  post: (path: string, body: object = {}) =>
    request(t.app)
      .post(`/api/v1${path}`)
      .set({ Host: who.host, Authorization: `Bearer ${who.token}` })
      .send(body),
  upload: (orderId: number, name = 'essay.pdf') =>
    request(t.app)
      .post(`/api/v1/orders/${orderId}/files`)
      .set({ Host: who.host, Authorization: `Bearer ${who.token}` })
      .field('category', 'final')
      .attach('file', PDF, { filename: name, contentType: 'application/pdf' }),
});
