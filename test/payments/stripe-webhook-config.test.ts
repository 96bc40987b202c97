import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/platform/errors.js';
import { cardPayments, requireStripe, stripeOrNull } from '../../src/platform/stripe/index.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/** A server with no Stripe configuration: no card payment, and webhooks refused without storing. */
let t: TestApp;
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('without Stripe keys', () => {
  it('offers no card payment and says why', () => {
    expect(stripeOrNull()).toBeNull();
    expect(cardPayments()).toEqual({ available: false, reason: 'card payments are not configured on this server' });
    let err: unknown;
    try {
      requireStripe();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'validation_failed',
      status: 400,
      fields: { method: 'card payments are not configured on this server' },
    });
  });

  it('refuses webhooks with a 400 JSON error and stores nothing', async () => {
    const res = await fake.deliver(
      t.app,
      fake.webhookEvent('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent', metadata: {} }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request', message: expect.stringMatching(/not configured/) } });
    const [{ n }] = await t.context.sequelize.query<{ n: string }>('SELECT count(*) AS n FROM stripe_events', { type: QueryTypes.SELECT });
    expect(Number(n)).toBe(0);
  });

  it('documents the webhook in the OpenAPI document', async () => {
    const res = await request(t.app).get('/api/openapi.json');
    expect(res.body.paths['/api/v1/payments/stripe/webhook']?.post?.responses).toHaveProperty('200');
  });

  it('leaves the rest of the API to its JSON parser and tenancy (a JSON POST elsewhere still parses)', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":"nobody@scriptorium.test","password":"wrong-password"}');
    expect(res.status).toBe(401);
    expect(res.body.error).toBeDefined();
  });
});
