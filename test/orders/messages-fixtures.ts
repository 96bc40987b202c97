import type { Express } from 'express';
import request from 'supertest';
import type { Actor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/database.js';
import { Order } from '../../src/orders/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { HOST_A } from '../identity/helpers.js';
import { paidOrder } from './fixtures.js';

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
