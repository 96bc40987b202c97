import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { DiscountUsage } from '../../src/discounts/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { Order } from '../../src/orders/models.js';
import { cancelAsClient } from '../../src/orders/service/client-actions.js';
import { assignWriter, cancelOrder } from '../../src/orders/service/staff-actions.js';
import { acceptAssignment } from '../../src/orders/service/writer-actions.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { Website } from '../../src/tenancy/models.js';
import { login } from '../identity/helpers.js';
import { actorFor, completeDetails, newWriter, newClient } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { codeRow, newCode, usagesOf } from './fixtures.js';

let t: TestApp;
let admin: Actor;
let adminB: Actor;
let websiteId: number;
let clientToken: string;

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_DISCOUNT_VALIDATE_PER_MIN: '1000' } });
  admin = await actorFor('admin@scriptorium.test');
  adminB = await actorFor('admin@b.scriptorium.test');
  websiteId = admin.websiteId!;
  clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const validate = (body: object, token: string | null = clientToken, host = 'localhost') => {
  const req = request(t.app).post('/api/v1/discounts/validate').set('Host', host);
  return token ? req.set('Authorization', `Bearer ${token}`).send(body) : req.send(body);
};
const HOUR = 3_600_000;

/** Pays all the order owes from the client's wallet, topped up first: the money lands in the order's escrow. */
async function payInFull(client: Actor, order: Order) {
  await fundWallet(order.websiteId, order.clientId!, order.totalCents!, order.currency);
  await payOrderFromWallet(client, order.id);
}

/** Places an order for `client` with `code` typed in the wizard. */
async function place(client: Actor, code: string | null = null, details = {}) {
  const draft = await createDraftOrder(client, { ...completeDetails(), ...details, discountCode: code });
  return submitOrder(client, draft.id);
}

describe('POST /api/v1/discounts/validate', () => {
  it('answers what a valid code is worth and which discounts apply, writing nothing', async () => {
    const code = await newCode(admin, { percentBp: 2_000, capCents: 1_500 });
    const audits = await AuditLog.count();
    const res = await validate({ code: code.code.toLowerCase(), subtotalCents: 10_000 }).expect(200);
    expect(res.body).toMatchObject({ code: code.code, status: 'applied', amountCents: 1_500, subtotalCents: 10_000 });
    // 20 % capped at $15 ties the 15 % first-order discount: the typed code wins the tie (best_only).
    expect(res.body.discounts).toEqual({
      policy: 'best_only',
      sources: [{ source: 'code', code: code.code, amountCents: 1_500, label: `Code ${code.code}` }],
      totalDiscountCents: 1_500,
      totalAfterDiscountsCents: 8_500,
    });
    expect(await AuditLog.count()).toBe(audits);
    expect((await codeRow(code.id)).usesCount).toBe(0);
    expect(await DiscountUsage.count()).toBe(0);
  });

  it('says when a larger automatic discount outranks the code', async () => {
    const code = await newCode(admin, { percentBp: 500 });
    const res = await validate({ code: code.code, subtotalCents: 10_000 }).expect(200);
    expect(res.body).toMatchObject({ status: 'outranked', amountCents: 500 });
    expect(res.body.discounts.sources).toEqual([{ source: 'first_order', amountCents: 1_500, label: 'First order 15 %' }]);
  });

  it.each<[string, Record<string, unknown>, number, string]>([
    [
      'expired',
      { validFrom: new Date(Date.now() - 48 * HOUR).toISOString(), validUntil: new Date(Date.now() - HOUR).toISOString() },
      10_000,
      'expired',
    ],
    ['not started', { validFrom: new Date(Date.now() + HOUR).toISOString() }, 10_000, 'not_started'],
    ['below the minimum', { minSubtotalCents: 20_000 }, 19_999, 'below_min_subtotal'],
    ['inactive', { active: false }, 10_000, 'inactive'],
    ['for other clients', { eligibleClients: ['C-999999'] }, 10_000, 'unknown_client'],
  ])('refuses a code %s with a 400 naming the field and the reason', async (_name, terms, subtotalCents, reason) => {
    if (reason === 'unknown_client') {
      await expect(newCode(admin, terms)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: { eligibleClients: expect.stringContaining('C-999999') },
      });
      return;
    }
    const code = await newCode(admin, terms);
    const res = await validate({ code: code.code, subtotalCents }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', reason, fields: { code: expect.any(String) } });
    expect(await usagesOf(code.id)).toEqual([]);
  });

  it("answers another website's code exactly as an unknown one", async () => {
    const foreign = await newCode(adminB, { percentBp: 1_000 });
    const other = await validate({ code: foreign.code, subtotalCents: 10_000 }).expect(400);
    const unknown = await validate({ code: 'NOSUCHCODE1', subtotalCents: 10_000 }).expect(400);
    expect(other.body).toEqual(unknown.body);
    expect(other.body.error).toMatchObject({ reason: 'unknown', fields: { code: 'This code does not exist' } });
    // The same code is fine on its own website (a visitor, no token).
    await validate({ code: foreign.code, subtotalCents: 10_000 }, null, 'b.localhost').expect(200);
  });

  it('refuses malformed input with a 400 naming the field', async () => {
    expect((await validate({ subtotalCents: 100 }).expect(400)).body.error.fields).toHaveProperty('code');
    expect((await validate({ code: 'ABC' }).expect(400)).body.error.fields).toHaveProperty('subtotalCents');
    expect((await validate({ code: 'ABC', subtotalCents: -5 }).expect(400)).body.error.fields).toHaveProperty('subtotalCents');
    expect((await validate({ code: 'ABC', subtotalCents: 5, extra: 1 }).expect(400)).body.error.fields).toHaveProperty('extra');
  });

  it("prices one of the client's drafts; a visitor cannot name an order", async () => {
    const client = await actorFor('client@scriptorium.test');
    const code = await newCode(admin, { kind: 'fixed', valueCents: 2_000 });
    const draft = await createDraftOrder(client, completeDetails());
    const res = await validate({ code: code.code, orderId: draft.id }).expect(200);
    expect(res.body.subtotalCents).toBeGreaterThan(2_000);
    expect(res.body.amountCents).toBe(2_000);
    await validate({ code: code.code, orderId: draft.id }, null).expect(404);
  });
});

describe('the quote and the order show each applied source', () => {
  it('the quote keeps its pre-discount breakdown and adds the discounts', async () => {
    const code = await newCode(admin, { percentBp: 2_000 });
    const body = { pages: 3, deadlineHours: 24, academicLevel: 'undergraduate', paperType: 'essay', subject: 'other' };
    const res = await request(t.app)
      .post('/api/v1/pricing/quote')
      .set('Host', 'localhost')
      .send({ ...body, discountCode: code.code })
      .expect(200);
    expect(res.body.totalCents).toBe(8_813);
    expect(res.body.discounts).toEqual({
      policy: 'best_only',
      sources: [{ source: 'code', code: code.code, amountCents: 1_763, label: `Code ${code.code}` }],
      totalDiscountCents: 1_763,
      totalAfterDiscountsCents: 7_050,
      code: { code: code.code, status: 'applied', message: 'The code applies', amountCents: 1_763 },
    });
    const refused = await request(t.app)
      .post('/api/v1/pricing/quote')
      .set('Host', 'localhost')
      .send({ ...body, discountCode: 'NOSUCHCODE1' })
      .expect(200);
    expect(refused.body.discounts.code).toMatchObject({ status: 'refused', reason: 'unknown' });
    expect(refused.body.discounts.sources).toEqual([{ source: 'first_order', amountCents: 1_322, label: 'First order 15 %' }]);
  });

  it('submit freezes the sources in the breakdown, charges the net total and reserves the use; payment confirms it', async () => {
    const client = await newClient(websiteId);
    const code = await newCode(admin, { percentBp: 2_000, usageLimitTotal: 5 });
    const order = await place(client, code.code.toLowerCase());
    const subtotal = order.priceBreakdown!.totalCents;
    const amount = Math.floor((subtotal * 2_000 * 2 + 10_000) / 20_000);
    expect(order.priceBreakdown!.discounts).toEqual({
      policy: 'best_only',
      sources: [{ source: 'code', code: code.code, amountCents: amount, label: `Code ${code.code}` }],
      totalDiscountCents: amount,
      totalAfterDiscountsCents: subtotal - amount,
    });
    expect(order.totalCents).toBe(subtotal - amount);
    expect((await codeRow(code.id)).usesCount).toBe(1);
    expect(await usagesOf(code.id)).toMatchObject([
      { orderId: order.id, clientId: client.userId, amountCents: amount, status: 'reserved' },
    ]);

    await payInFull(client, order);
    expect(await usagesOf(code.id)).toMatchObject([{ status: 'used', usedAt: expect.any(Date) }]);
    expect(await AuditLog.count({ where: { action: 'discount.usage_confirmed', targetId: String(code.id) } })).toBe(1);
  });

  it('an order the discounts bring to 0 needs no payment: it goes straight to staffing and the use is confirmed', async () => {
    const client = await newClient(websiteId);
    const code = await newCode(admin, { percentBp: 10_000 });
    const order = await place(client, code.code);
    expect(order).toMatchObject({ status: 'ready_for_staffing', totalCents: 0, paidCents: 0 });
    expect(order.publishedAt).toBeInstanceOf(Date);
    expect(await usagesOf(code.id)).toMatchObject([{ status: 'used' }]);
  });

  it('a first order without a code gets the first-order discount; the next one does not', async () => {
    const client = await newClient(websiteId);
    const first = await place(client);
    expect(first.priceBreakdown!.discounts!.sources.map((s) => s.source)).toEqual(['first_order']);
    expect(first.totalCents).toBe(first.priceBreakdown!.discounts!.totalAfterDiscountsCents);
    const second = await place(client);
    expect(second.priceBreakdown!.discounts).toBeUndefined();
    expect(second.totalCents).toBe(second.priceBreakdown!.totalCents);
  });

  it('a refused code stops the submit with the reason; the draft stays a draft', async () => {
    const client = await newClient(websiteId);
    const code = await newCode(admin, { validUntil: new Date(Date.now() + HOUR).toISOString() });
    clock.travel(2 * HOUR);
    try {
      const draft = await createDraftOrder(client, { ...completeDetails(), discountCode: code.code });
      await expect(submitOrder(client, draft.id)).rejects.toMatchObject({
        code: 'validation_failed',
        fields: { discountCode: 'This code has expired' },
        details: { reason: 'expired' },
      });
      expect((await Order.findByPk(draft.id))!.status).toBe('draft');
    } finally {
      clock.reset();
    }
  });

  it("the per-client limit holds across a client's orders", async () => {
    const client = await newClient(websiteId);
    const code = await newCode(admin, { usageLimitPerClient: 1 });
    await place(client, code.code);
    await expect(place(client, code.code)).rejects.toMatchObject({ details: { reason: 'per_client_limit_reached' } });
  });

  it('the stack policy of the website applies more than one source, capped', async () => {
    const website = (await Website.findByPk(websiteId))!;
    const settings = website.settings;
    await website.update({ settings: { ...settings, discounts: { stacking: { policy: 'stack', maxSources: 2, capBp: 3_000 } } } as never });
    try {
      const client = await newClient(websiteId);
      const code = await newCode(admin, { percentBp: 2_000 });
      const order = await place(client, code.code);
      const discounts = order.priceBreakdown!.discounts!;
      expect(discounts.policy).toBe('stack');
      expect(discounts.sources.map((s) => s.source)).toEqual(['code', 'first_order']);
      expect(discounts.totalDiscountCents).toBe(Math.floor((order.priceBreakdown!.totalCents * 3_000 * 2 + 10_000) / 20_000));
    } finally {
      await website.update({ settings });
    }
  });
});

describe('usage limits under concurrency and release on cancellation', () => {
  it('20 parallel checkouts of a code with one use left: exactly one wins', async () => {
    const code = await newCode(admin, { usageLimitTotal: 3 });
    for (let i = 0; i < 2; i++) await place(await newClient(websiteId), code.code);
    const clients = await Promise.all(Array.from({ length: 20 }, () => newClient(websiteId)));
    const drafts = await Promise.all(clients.map((c) => createDraftOrder(c, { ...completeDetails(), discountCode: code.code })));
    const results = await Promise.allSettled(drafts.map((d, i) => submitOrder(clients[i]!, d.id)));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const r of lost) expect(r.reason).toMatchObject({ details: { reason: 'usage_limit_reached' } });
    expect((await codeRow(code.id)).usesCount).toBe(3);
    expect((await usagesOf(code.id)).filter((u) => u.status !== 'released')).toHaveLength(3);
    expect(await Order.count({ where: { id: drafts.map((d) => d.id), status: 'pending_payment' } })).toBe(1);
  });

  it('cancelling before work starts gives the use back; after work started it stays used', async () => {
    const code = await newCode(admin, { usageLimitTotal: 1 });
    const first = await newClient(websiteId);
    const order = await place(first, code.code);
    await cancelAsClient(first, order.id, 'Changed my mind');
    expect(await usagesOf(code.id)).toMatchObject([{ status: 'released', releasedAt: expect.any(Date) }]);
    expect((await codeRow(code.id)).usesCount).toBe(0);
    expect(await AuditLog.count({ where: { action: 'discount.usage_released', targetId: String(code.id) } })).toBe(1);

    // The use is free again: another client takes it, pays, and a writer starts; a cancellation now keeps the use.
    const second = await newClient(websiteId);
    const paid = await place(second, code.code);
    await payInFull(second, paid);
    const writer = await newWriter(websiteId);
    await assignWriter(admin, paid.id, { writerId: writer.userId });
    await acceptAssignment(writer, paid.id);
    await cancelAsClient(second, paid.id, 'Too slow');
    await cancelOrder(admin, paid.id, { reason: 'Client asked' });
    expect((await usagesOf(code.id)).map((u) => u.status)).toEqual(['released', 'used']);
    expect((await codeRow(code.id)).usesCount).toBe(1);
  });

  it('a paid order cancelled before a writer took it gives the use back', async () => {
    const code = await newCode(admin, { usageLimitTotal: 1 });
    const client = await newClient(websiteId);
    const order = await place(client, code.code);
    await payInFull(client, order);
    await cancelAsClient(client, order.id, 'No longer needed');
    await cancelOrder(admin, order.id, { reason: 'Refunded in full' });
    expect((await usagesOf(code.id)).map((u) => u.status)).toEqual(['released']);
    expect((await codeRow(code.id)).usesCount).toBe(0);
  });
});
