import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { errorMiddleware } from '../../src/platform/http/error-middleware.js';
import { idempotent, purgeIdempotencyKeys } from '../../src/platform/http/idempotency.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The middleware on a small app of its own (a money route stands in: it counts its effects in a
 * real table), on this file's real database.
 */
let t: TestApp;
let app: express.Express;
let userId: number;
let websiteId: number;

beforeAll(async () => {
  t = await startTestApp();
  const client = (await User.findOne({ where: { email: 'client@scriptorium.test' } }))!;
  userId = client.id;
  websiteId = client.websiteId!;
  await t.context.sequelize.query('CREATE TABLE test_effects (id serial PRIMARY KEY, amount int NOT NULL)');
  app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    req.actor = { userId: Number(req.get('x-user') ?? userId), role: 'client', websiteId };
    next();
  });
  app.post('/pay', idempotent, async (req, res) => {
    const amount = Number((req.body as { amount: number }).amount);
    if (amount <= 0) {
      res.status(400).json({ error: { code: 'validation_failed', message: 'bad amount' } });
      return;
    }
    if (req.get('x-slow')) await new Promise((r) => setTimeout(r, 300));
    if (req.get('x-crash')) throw new Error('boom');
    const [rows] = await t.context.sequelize.query('INSERT INTO test_effects (amount) VALUES ($1) RETURNING id', { bind: [amount] });
    res.status(201).json({ paymentId: (rows as Array<{ id: number }>)[0]!.id, amount, key: req.idempotencyKey });
  });
  app.use(errorMiddleware(t.context.logger));
});
afterAll(() => t?.close());

const pay = (key: string | null, body: object, headers: Record<string, string> = {}) => {
  const r = request(app).post('/pay').set(headers);
  return (key === null ? r : r.set('Idempotency-Key', key)).send(body);
};
const effectCount = async () =>
  Number(((await t.context.sequelize.query('SELECT count(*)::int AS n FROM test_effects'))[0] as Array<{ n: number }>)[0]!.n);

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry and changes nothing more', async () => {
    const first = await pay('order-1-attempt', { amount: 500 }).expect(201);
    const again = await pay('order-1-attempt', { amount: 500 }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.body.key).toBe(`${userId}:order-1-attempt`);
    expect(await effectCount()).toBe(1);
  });

  it('keeps the answer before sending it: a retry the moment it arrives is replayed, not refused as in progress', async () => {
    // Keeping the answer is made slow; the answer must wait for it rather than go out first.
    const sequelize = t.context.sequelize;
    const query = sequelize.query.bind(sequelize);
    const slowKeep = (async (sql: unknown, options?: unknown) => {
      if (typeof sql === 'string' && sql.startsWith('UPDATE idempotency_keys SET status')) await new Promise((r) => setTimeout(r, 300));
      return query(sql as string, options as never);
    }) as typeof sequelize.query;
    sequelize.query = slowKeep;
    try {
      const first = await pay('answered-then-retried', { amount: 250 }).expect(201);
      const again = await pay('answered-then-retried', { amount: 250 }).expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    } finally {
      sequelize.query = query;
    }
  });

  it('refuses the same key with another body, naming the key', async () => {
    await pay('key-2', { amount: 100 }).expect(201);
    const res = await pay('key-2', { amount: 999 }).expect(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', idempotencyKey: 'key-2' });
    expect(res.body.error.message).toContain('another request');
  });

  it('keeps keys per user: another user may use the same key', async () => {
    const other = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
    const before = await effectCount();
    await pay('shared-key', { amount: 100 }).expect(201);
    await pay('shared-key', { amount: 100 }, { 'x-user': String(other.id) }).expect(201);
    expect(await effectCount()).toBe(before + 2);
  });

  it('lets exactly one of many parallel requests with one key run; the others wait or replay', async () => {
    const before = await effectCount();
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay('parallel', { amount: 7 }, { 'x-slow': '1' })));
    expect(await effectCount()).toBe(before + 1);
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 201 || a.status === 409)).toBe(true);
    const settled = await pay('parallel', { amount: 7 }).expect(201);
    expect(settled.headers['idempotent-replayed']).toBe('true');
  });

  it('keeps a 4xx answer final, frees the key after a 5xx, and refuses a malformed key', async () => {
    await pay('bad-amount', { amount: -1 }).expect(400);
    await pay('bad-amount', { amount: -1 }).expect(400);
    const before = await effectCount();
    await pay('crashes', { amount: 3 }, { 'x-crash': '1' }).expect(500);
    await new Promise((r) => setTimeout(r, 50)); // the key is freed after the answer is sent
    await pay('crashes', { amount: 3 }).expect(201);
    expect(await effectCount()).toBe(before + 1);
    const bad = await pay('x'.repeat(256), { amount: 1 }).expect(400);
    expect(bad.body.error.fields).toHaveProperty('Idempotency-Key');
    await pay(null, { amount: 1 }).expect(201); // no key: no idempotency
  });

  it('forgets keys after a day', async () => {
    await pay('old-key', { amount: 1 }).expect(201);
    clock.travel(25 * 3_600_000);
    try {
      expect(await purgeIdempotencyKeys()).toBeGreaterThan(0);
      await pay('old-key', { amount: 2 }).expect(201);
    } finally {
      clock.reset();
    }
  });
});
