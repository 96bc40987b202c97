import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_PAYMENTS_NOT_CONFIGURED } from '../../src/platform/stripe/index.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { rows } from './card-helpers.js';
import { unpaidOrder } from './fixtures.js';

/** A server with no Stripe keys: card payment is offered nowhere, and says why. */
let bare: TestApp;
beforeAll(async () => {
  bare = await startTestApp({ env: { STRIPE_SECRET_KEY: '', STRIPE_WEBHOOK_SECRET: '' } });
});
afterAll(() => bare?.close());

describe('no Stripe keys configured', () => {
  it('card-availability says why, and card-intents refuses with that reason, storing nothing', async () => {
    const availability = await request(bare.app).get('/api/v1/payments/card-availability').set('Host', HOST_A);
    expect(availability.body).toEqual({ available: false, reason: CARD_PAYMENTS_NOT_CONFIGURED });

    const demo = await actorFor('client@scriptorium.test');
    const order = await unpaidOrder(demo);
    const bareToken = (await login(bare.app, 'client@scriptorium.test')).accessToken;
    const before = await rows<{ n: number }>('SELECT count(*)::int AS n FROM payments');
    const res = await request(bare.app)
      .post('/api/v1/payments/card-intents')
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${bareToken}`)
      .set('Idempotency-Key', randomUUID())
      .send({ purpose: 'order', orderId: order.id });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(CARD_PAYMENTS_NOT_CONFIGURED);
    expect(res.body.error.fields).toEqual({ method: CARD_PAYMENTS_NOT_CONFIGURED });
    expect(await rows<{ n: number }>('SELECT count(*)::int AS n FROM payments')).toEqual(before);
    expect(await rows('SELECT * FROM card_intent_requests')).toEqual([]);
  });
});
