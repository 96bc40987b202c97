import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { postTransaction } from '../../src/ledger/index.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { login } from '../identity/helpers.js';
import { actorFor, completeDetails } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

let t: TestApp;
let client: Actor & { userId: number; websiteId: number };
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  client = (await actorFor('client@scriptorium.test')) as typeof client;
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const get = (path: string, bearer = token, host = 'localhost') =>
  request(t.app).get(`/api/v1/wallet${path}`).set('Host', host).set('Authorization', `Bearer ${bearer}`);

describe('GET /api/v1/wallet', () => {
  it("shows the client's balance in cents and currency, 0 before any money arrived", async () => {
    expect((await get('').expect(200)).body).toEqual({ currency: 'USD', balanceCents: 0 });
    await fundWallet(client.websiteId, client.userId, 4_250);
    expect((await get('').expect(200)).body).toEqual({ currency: 'USD', balanceCents: 4_250 });
  });

  it('is for clients only, signed in', async () => {
    await request(t.app).get('/api/v1/wallet').set('Host', 'localhost').expect(401);
    const writer = (await login(t.app, 'writer@scriptorium.test')).accessToken;
    await get('', writer).expect(403);
  });
});

describe('GET /api/v1/wallet/history', () => {
  it('lists money in and out, newest first, with kind, memo, reference and the balance after; pages by cursor', async () => {
    const order = await submitOrder(client, (await createDraftOrder(client, completeDetails())).id);
    await postTransaction(client, {
      websiteId: client.websiteId,
      currency: 'USD',
      kind: 'order_payment_wallet',
      reference: { type: 'order', id: order.id },
      memo: `Payment of order ${order.number}`,
      idempotencyKey: `wallet-api:${randomUUID()}`,
      postings: [
        { from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'order_escrow', ownerId: order.id }, amountCents: 1_000 },
      ],
    });
    const first = (await get('/history?limit=1').expect(200)).body;
    expect(first.items).toEqual([
      {
        entryId: expect.any(Number),
        transactionId: expect.any(Number),
        kind: 'order_payment_wallet',
        memo: `Payment of order ${order.number}`,
        reference: { type: 'order', id: String(order.id) },
        amountCents: -1_000,
        balanceAfterCents: 3_250,
        createdAt: expect.any(String),
      },
    ]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(`/history?limit=5&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second.items.map((i: { kind: string; amountCents: number }) => [i.kind, i.amountCents])).toEqual([['wallet_topup_card', 4_250]]);
    expect(second.nextCursor).toBeNull();
  });

  it('rejects bad paging input with 400 naming the field', async () => {
    expect((await get('/history?limit=0').expect(400)).body.error.fields).toHaveProperty('limit');
    expect((await get('/history?cursor=nonsense').expect(400)).body.error.fields).toHaveProperty('cursor');
    expect((await get('/history?sort=amount').expect(400)).body.error.fields).toHaveProperty('sort');
  });

  it("never shows another website's client anything of this one", async () => {
    const other = (await login(t.app, 'client@b.scriptorium.test', { host: 'b.localhost' })).accessToken;
    expect((await get('', other, 'b.localhost').expect(200)).body).toEqual({ currency: 'USD', balanceCents: 0 });
    expect((await get('/history', other, 'b.localhost').expect(200)).body).toEqual({ items: [], nextCursor: null });
  });
});
