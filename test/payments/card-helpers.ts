import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { expect } from 'vitest';
import type { Order } from '../../src/orders/models.js';
import { getSequelize } from '../../src/platform/database.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { startTestApp, type TestApp, type TestEnv } from '../support/harness.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';

/** Helpers of the card payment tests (test/payments/card-*.test.ts). */

export interface FakeStripeApp {
  fake: FakeStripe;
  t: TestApp;
  close(): Promise<void>;
}

export interface CardTest extends FakeStripeApp {
  /** A client of website A of their own (their orders and wallet are this file's alone), signed in to the API. */
  client: ClientActor & { email: string };
  token: string;
}

/** A fresh fake Stripe and the app pointed at it, the SDK's own retries off so that each fault reaches our code. */
export async function startWithFakeStripe(env: TestEnv = {}): Promise<FakeStripeApp> {
  const fake = await startFakeStripe();
  try {
    const t = await startTestApp({ env: { ...fake.env(), STRIPE_MAX_RETRIES: '0', ...env } });
    const close = async () => {
      await t.close();
      await fake.close();
    };
    return { fake, t, close };
  } catch (err) {
    await fake.close();
    throw err;
  }
}

/** startWithFakeStripe, and a client of website A of their own, signed in to the API. */
export async function startCardTest(env: TestEnv = {}): Promise<CardTest> {
  const app = await startWithFakeStripe(env);
  try {
    const client = await clientWithLogin((await actorFor('client@scriptorium.test')).websiteId!);
    const token = (await login(app.t.app, client.email)).accessToken;
    return { ...app, client, token };
  } catch (err) {
    await app.close();
    throw err;
  }
}

/** An unpaid order of the card test's client with a card payment started through the API: its payment id and intent id. */
export async function orderWithIntent(
  { t, client, token }: CardTest,
  key = randomUUID(),
): Promise<{ order: Order; paymentId: number; intentId: string }> {
  const order = await unpaidOrder(client);
  const res = await cardIntentRequest(t.app, token, { purpose: 'order', orderId: order.id }, key);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { order, paymentId: res.body.paymentId, intentId: intentIdOf(res.body.clientSecret) };
}

export function cardIntentRequest(app: Express, token: string, body: Record<string, unknown>, key?: string) {
  const req = request(app).post('/api/v1/payments/card-intents').set('Host', HOST_A).set('Authorization', `Bearer ${token}`);
  if (key) req.set('Idempotency-Key', key);
  return req.send(body);
}

export function syncRequest(app: Express, token: string, paymentId: number) {
  return request(app)
    .post(`/api/v1/payments/card-intents/${paymentId}/sync`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .send();
}

export function statusRequest(app: Express, token: string, paymentId: number) {
  return request(app).get(`/api/v1/payments/card-intents/${paymentId}`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`);
}

export async function rows<T extends object>(sql: string, bind: unknown[] = []): Promise<T[]> {
  return getSequelize().query<T>(sql, { type: QueryTypes.SELECT, bind });
}

export interface PostingRow {
  kind: string;
  account: string;
  owner_id: number | null;
  amount_cents: number;
}

/** Every ledger entry posted for a payment (its transactions reference it), debit first. */
export const postingsOfPayment = (paymentId: number) =>
  rows<PostingRow>(
    `SELECT t.kind, a.kind AS account, a.owner_id, e.amount_cents FROM ledger_transactions t
       JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
      WHERE t.reference_type = 'payment' AND t.reference_id = $1 ORDER BY e.amount_cents, e.id`,
    [String(paymentId)],
  );

/** The stored webhook events about a Stripe object. */
export const eventsAbout = (objectId: string) =>
  rows<{ stripe_event_id: string; type: string; status: string; attempts: number; last_error: string | null }>(
    'SELECT stripe_event_id, type, status, attempts, last_error FROM stripe_events WHERE object_id = $1 ORDER BY id',
    [objectId],
  );

export const intentIdOf = (clientSecret: string) => clientSecret.slice(0, clientSecret.indexOf('_secret_'));

/**
 * A client's retry after a 5xx: the idempotency middleware frees the key just after answering, so
 * a retry sent at once may still find it "in progress" (409) — a real client waits and retries too.
 */
export async function retryAfter5xx<T extends { status: number; body: { error?: { message?: string } } }>(
  send: () => PromiseLike<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const res = await send();
    if (res.status !== 409 || !res.body.error?.message?.includes('still being processed') || attempt >= 40) return res;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
