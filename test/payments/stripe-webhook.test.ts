import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryTypes } from 'sequelize';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRIPE_EVENT_JOBS } from '../../jobs/stripe-events.js';
import { startScheduler, type Scheduler } from '../../jobs/index.js';
import { onStripeEvent, reprocessFailedStripeEvents, STRIPE_WEBHOOK_PATH } from '../../src/payments/stripe-events/index.js';
import { stripeClient } from '../../src/platform/stripe/index.js';
import { startFakeStripe, type FakeStripe } from '../support/fake-stripe.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * Webhook intake through HTTP on a real database, with events signed by the fake Stripe. Effects
 * are rows a test handler inserts into a table of this test file's database: plain INSERTs with
 * no uniqueness of their own, so only the intake's locking keeps them to one per event.
 */
let fake: FakeStripe;
let t: TestApp;
let websiteId: number;
let scheduler: Scheduler | undefined;

async function rows<T extends object>(sql: string, replacements: unknown[] = []): Promise<T[]> {
  return t.context.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
}
const effects = async (eventId: string) =>
  Number((await rows<{ n: string }>('SELECT count(*) AS n FROM test_stripe_effects WHERE stripe_event_id = ?', [eventId]))[0]!.n);
const stored = async (eventId: string) =>
  (
    await rows<{
      status: string;
      attempts: number;
      last_error: string | null;
      website_id: number | null;
      object_id: string | null;
      processed_at: Date | null;
      type: string;
    }>('SELECT status, attempts, last_error, website_id, object_id, processed_at, type FROM stripe_events WHERE stripe_event_id = ?', [
      eventId,
    ])
  )[0];
const storedCount = async () => Number((await rows<{ n: string }>('SELECT count(*) AS n FROM stripe_events'))[0]!.n);

/** The effect: inserted in the event's transaction (no transaction option: it joins through CLS). */
async function applyEffect(eventId: string, note: string): Promise<void> {
  await t.context.sequelize.query('INSERT INTO test_stripe_effects (stripe_event_id, note) VALUES (?, ?)', {
    replacements: [eventId, note],
  });
}

const failingCalls = new Map<string, number>();

beforeAll(async () => {
  fake = await startFakeStripe();
  t = await startTestApp({ env: { ...fake.env(), STRIPE_MAX_RETRIES: '0' } });
  await t.context.sequelize.query('CREATE TABLE test_stripe_effects (id BIGSERIAL PRIMARY KEY, stripe_event_id TEXT NOT NULL, note TEXT)');
  websiteId = (await rows<{ id: number }>('SELECT id FROM websites ORDER BY id LIMIT 1'))[0]!.id;

  // Slow on purpose, so concurrent deliveries overlap while it runs.
  onStripeEvent('customer.created', async (event) => {
    await sleep(40);
    await applyEffect(event.id, 'counted');
  });
  // Writes its effect, then throws on its first call for each event: the write must not survive.
  onStripeEvent('customer.updated', async (event) => {
    await applyEffect(event.id, 'before the throw');
    const calls = (failingCalls.get(event.id) ?? 0) + 1;
    failingCalls.set(event.id, calls);
    if (calls === 1) throw new Error('ledger unavailable (test)');
  });
  onStripeEvent('customer.deleted', async () => 'ignored');
});

afterAll(async () => {
  await scheduler?.stop(2_000);
  await t?.close();
  await fake?.close();
});

const customer = (metadata: Record<string, string> = { websiteId: String(websiteId) }) => ({
  id: `cus_${Math.random().toString(36).slice(2)}`,
  object: 'customer',
  metadata,
});

describe('signature', () => {
  it('refuses forged, tampered, stale and unsigned deliveries with a 400 JSON error and stores nothing', async () => {
    const before = await storedCount();
    const signed = fake.webhookEvent('customer.created', customer());

    const forged = fake.sign(signed.event, { secret: 'whsec_not_ours' });
    const tampered = { ...signed, payload: signed.payload.replace('"customer"', '"customer" ') };
    const stale = fake.sign(signed.event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    for (const delivery of [forged, tampered, stale]) {
      const res = await fake.deliver(t.app, delivery);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'bad_request', message: 'Invalid Stripe signature' } });
    }
    const unsigned = await request(t.app).post(STRIPE_WEBHOOK_PATH).set('Content-Type', 'application/json').send(signed.payload);
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.error.message).toMatch(/Stripe-Signature/);
    const notJson = await request(t.app)
      .post(STRIPE_WEBHOOK_PATH)
      .set('Stripe-Signature', signed.header)
      .set('Content-Type', 'text/plain')
      .send(signed.payload);
    expect(notJson.status).toBe(400);

    expect(await storedCount()).toBe(before);
    expect(await effects(signed.event.id)).toBe(0);
  });

  it('accepts a signed event whatever the Host (Stripe calls no website domain)', async () => {
    const signed = fake.webhookEvent('customer.created', customer());
    const res = await request(t.app)
      .post(STRIPE_WEBHOOK_PATH)
      .set('Host', 'hooks.payments-endpoint.example')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signed.header)
      .send(signed.payload);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, eventId: signed.event.id, type: 'customer.created', status: 'processed', duplicate: false });
  });
});

describe('delivery to a listening server', () => {
  it('posts to a URL as Stripe does', async () => {
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const signed = fake.webhookEvent('customer.created', customer());
      const res = await fake.deliver(`http://127.0.0.1:${port}${STRIPE_WEBHOOK_PATH}`, signed);
      expect(res).toMatchObject({ status: 200, body: { eventId: signed.event.id, status: 'processed' } });
      expect(await effects(signed.event.id)).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('exactly once', () => {
  it('stores the event with its website and object, and applies it once', async () => {
    const object = customer();
    const signed = fake.webhookEvent('customer.created', object);
    const res = await fake.deliver(t.app, signed);
    expect(res).toEqual({
      status: 200,
      body: { received: true, eventId: signed.event.id, type: 'customer.created', status: 'processed', duplicate: false },
    });
    expect(await stored(signed.event.id)).toMatchObject({
      status: 'processed',
      attempts: 1,
      last_error: null,
      website_id: websiteId,
      object_id: object.id,
    });
    expect((await stored(signed.event.id))!.processed_at).toBeInstanceOf(Date);
    expect(await effects(signed.event.id)).toBe(1);
  });

  it('answers a redelivery 200 as a duplicate with no second effect', async () => {
    const event = fake.webhookEvent('customer.created', customer()).event;
    const first = await fake.deliver(t.app, event);
    // Stripe signs each delivery anew: same event, new signature.
    const second = await fake.deliver(t.app, event);
    const third = await fake.deliver(t.app, event);
    expect(first.body).toMatchObject({ status: 'processed', duplicate: false });
    for (const again of [second, third]) expect(again).toMatchObject({ status: 200, body: { status: 'processed', duplicate: true } });
    expect(await effects(event.id)).toBe(1);
    expect(Number((await rows<{ n: string }>('SELECT count(*) AS n FROM stripe_events WHERE stripe_event_id = ?', [event.id]))[0]!.n)).toBe(
      1,
    );
  });

  it('applies an event once when ten deliveries of it arrive at the same time', async () => {
    const event = fake.webhookEvent('customer.created', customer()).event;
    const results = await Promise.all(Array.from({ length: 10 }, () => fake.deliver(t.app, event)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => (r.body as { duplicate: boolean }).duplicate === false)).toHaveLength(1);
    expect(await effects(event.id)).toBe(1);
    expect(await stored(event.id)).toMatchObject({ status: 'processed', attempts: 1 });
  });
});

describe('outcomes', () => {
  it('stores an event of a type nobody handles as ignored, and one every handler declines as ignored', async () => {
    const unknown = fake.webhookEvent('coupon.created', { id: 'co_1', object: 'coupon', metadata: {} });
    expect((await fake.deliver(t.app, unknown)).body).toMatchObject({ status: 'ignored', duplicate: false });
    expect(await stored(unknown.event.id)).toMatchObject({ status: 'ignored', attempts: 1, website_id: null, object_id: 'co_1' });

    const declined = fake.webhookEvent('customer.deleted', customer());
    expect((await fake.deliver(t.app, declined)).body).toMatchObject({ status: 'ignored' });
  });

  it('keeps no website id that names no website', async () => {
    const missing = fake.webhookEvent('customer.created', customer({ websiteId: '987654' }));
    const garbage = fake.webhookEvent('customer.created', customer({ websiteId: '1; DROP TABLE websites' }));
    for (const signed of [missing, garbage]) {
      expect((await fake.deliver(t.app, signed)).status).toBe(200);
      expect((await stored(signed.event.id))!.website_id).toBeNull();
    }
  });

  it('stores a failing handler as failed with its error and none of its writes, answers 2xx, and the retry applies it once', async () => {
    const signed = fake.webhookEvent('customer.updated', customer());
    const res = await fake.deliver(t.app, signed);
    expect(res).toMatchObject({ status: 200, body: { status: 'failed', duplicate: false } });
    expect(await stored(signed.event.id)).toMatchObject({ status: 'failed', attempts: 1, processed_at: null });
    expect((await stored(signed.event.id))!.last_error).toMatch(/ledger unavailable \(test\)/);
    expect(await effects(signed.event.id)).toBe(0);

    const summary = await reprocessFailedStripeEvents();
    expect(summary).toMatchObject({ picked: 1, processed: 1, failed: 0 });
    expect(await stored(signed.event.id)).toMatchObject({ status: 'processed', attempts: 2, last_error: null });
    expect(await effects(signed.event.id)).toBe(1);

    expect(await reprocessFailedStripeEvents()).toMatchObject({ picked: 0 });
    expect((await fake.deliver(t.app, signed.event)).body).toMatchObject({ status: 'processed', duplicate: true });
    expect(await effects(signed.event.id)).toBe(1);
  });

  it('the retry job, run by the real scheduler, processes a failed event', async () => {
    const signed = fake.webhookEvent('customer.updated', customer());
    expect((await fake.deliver(t.app, signed)).body).toMatchObject({ status: 'failed' });
    scheduler = await startScheduler(t.context, { embedded: !t.realPostgres });
    const job = await scheduler.agenda.now(STRIPE_EVENT_JOBS.retryFailed.name);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [state] = await rows<{ last_finished_at: Date | null; fail_reason: string | null }>(
        'SELECT last_finished_at, fail_reason FROM agenda_jobs WHERE id = ?',
        [String(job.attrs._id)],
      );
      if (state?.fail_reason) throw new Error(`the job failed: ${state.fail_reason}`);
      if (state?.last_finished_at) break;
      if (Date.now() > deadline) throw new Error('the job did not finish in 20 s');
      await sleep(100);
    }
    expect(await stored(signed.event.id)).toMatchObject({ status: 'processed', attempts: 2 });
    expect(await effects(signed.event.id)).toBe(1);
  });
});

describe('with the fake delivering Stripe events itself', () => {
  it('stores the events of a payment made through the SDK, with the website from the intent metadata', async () => {
    const stripe = stripeClient(t.context.config)!;
    fake.autoDeliver(t.app);
    try {
      const intent = await stripe.paymentIntents.create({
        amount: 4_200,
        currency: 'usd',
        metadata: { websiteId: String(websiteId), orderId: '1' },
      });
      await fake.succeed(intent.id);
      const types = fake.deliveries.filter((d) => d.status === 200).map((d) => d.type);
      expect(types).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
      const events = await rows<{ type: string; website_id: number; object_id: string }>(
        'SELECT type, website_id, object_id FROM stripe_events WHERE stripe_event_id IN (?) ORDER BY id',
        [fake.deliveries.map((d) => d.eventId)],
      );
      expect(events.map((e) => [e.type, e.website_id])).toEqual(types.map((type) => [type, websiteId]));
      expect(events.find((e) => e.type === 'payment_intent.succeeded')!.object_id).toBe(intent.id);
    } finally {
      fake.autoDeliver(null);
    }
  });
});
