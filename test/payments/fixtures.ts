import request from 'supertest';
import type { Express } from 'express';
import type { Actor } from '../../src/platform/actor.js';
import { insertUser } from '../../src/identity/service/create-user.js';
import type { Order } from '../../src/orders/models.js';
import { inTransaction } from '../../src/platform/database.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { DEMO_PASSWORD, HOST_A } from '../identity/helpers.js';
import { completeDetails } from '../orders/fixtures.js';

/** Payments-level fixtures (the orders-level door, recordOrderPayment, stays in test/orders/fixtures.ts). */

export type ClientActor = Actor & { userId: number; websiteId: number };

/** A placed order awaiting payment. */
export async function unpaidOrder(client: Actor, pages = 3): Promise<Order> {
  const draft = await createDraftOrder(client, { ...completeDetails(), pages });
  return submitOrder(client, draft.id);
}

/** POST /api/v1/orders/:id/pay with the given body (and Idempotency-Key when given). */
export function payRequest(app: Express, token: string, orderId: number, body: Record<string, unknown>, key?: string) {
  const req = request(app).post(`/api/v1/orders/${orderId}/pay`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

let serial = 0;
/** A second client of the website who can sign in (password DEMO_PASSWORD). */
export async function clientWithLogin(websiteId: number): Promise<ClientActor & { email: string }> {
  const email = `payer${++serial}.${Date.now()}@fixture.test`;
  const user = await inTransaction(() =>
    insertUser({ websiteId, role: 'client', email, password: DEMO_PASSWORD, displayName: 'Second Payer' }),
  );
  return { userId: user.id, role: 'client', websiteId, email };
}
