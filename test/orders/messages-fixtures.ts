import type { Express } from 'express';
import request from 'supertest';
import type { Actor } from '../../src/identity/actor.js';
import { User } from '../../src/identity/models.js';
import { nextRegistrationId } from '../../src/identity/service/create-user.js';
import { inTransaction } from '../../src/platform/database.js';
import { Order } from '../../src/orders/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { HOST_A } from '../identity/helpers.js';
import { paidOrder } from './fixtures.js';

let serial = 0;
/** A fresh client (no password: these clients act through the services only). */
export async function newClient(websiteId: number): Promise<Actor & { userId: number }> {
  const user = await inTransaction(async () =>
    User.create({
      websiteId,
      role: 'client',
      registrationId: await nextRegistrationId('client'),
      email: `client${++serial}.${Date.now()}@fixture.test`,
      passwordHash: 'not-a-hash',
      displayName: 'Fixture Client',
    }),
  );
  return { userId: user.id, role: 'client', websiteId };
}

/** A paid order of the client, in progress with the writer. */
export async function orderWithWriter(client: Actor, admin: Actor, writerId: number): Promise<Order> {
  const order = await paidOrder(client);
  return assignWriter(admin, order.id, { writerId, autoAccept: true });
}

export async function setOrderStatus(orderId: number, status: Order['status']): Promise<void> {
  await inTransaction(() => Order.update({ status }, { where: { id: orderId } }));
}

/** Supertest calls with a bearer token on a website's host. */
export function api(app: Express, token: string, host = HOST_A) {
  const auth = (r: request.Test) => r.set('Host', host).set('Authorization', `Bearer ${token}`);
  return {
    get: (path: string) => auth(request(app).get(path)),
    post: (path: string, body?: object) => auth(request(app).post(path)).send(body ?? {}),
  };
}
