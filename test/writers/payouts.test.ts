import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WRITER_JOBS } from '../../jobs/writers.js';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { accountBalance } from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import type { Order } from '../../src/orders/models.js';
import { approveOrder } from '../../src/orders/service/client-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { Website } from '../../src/tenancy/models.js';
import { matureEarnings } from '../../src/writers/index.js';
import { WriterEarning } from '../../src/writers/models.js';
import {
  buildDuePayouts,
  markPayoutPaid,
  Payout,
  PayoutLine,
  PayoutRequest,
  WriterPayoutSetting,
} from '../../src/writers/payouts/index.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { adminGet, adminPost, listedIds, recordActions, signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/**
 * Writers' payouts as people use them: the writer through the API, staff through the back office,
 * the build job as the scheduler runs it; the ledger balances after every test.
 */
type Who = Actor & { userId: number; websiteId: number };
const DAY = 86_400_000;

let t: TestApp;
let admin: Agent;
let support: Agent;
let client: Who;
let adminActor: Who;
let writer: User;
let writerToken: string;
const payouts = recordActions('payouts');
const requests = recordActions('payout_requests');

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as Who;
  adminActor = (await actorFor('admin@scriptorium.test')) as Who;
  writer = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
  await writer.update({ maxActiveOrders: 100 });
  writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
});
afterEach(async () => {
  clock.reset();
  await expectLedgerBalanced();
});
afterAll(() => t?.close());

const api = (method: 'get' | 'post', path: string) =>
  request(t.app)[method](`/api/v1/writer${path}`).set('Host', HOST_A).set('Authorization', `Bearer ${writerToken}`);

const payableOf = async (writerId: number, websiteId: number) =>
  (await accountBalance(systemActor(websiteId), { kind: 'writer_payable', ownerId: writerId, websiteId })).balanceCents;

/** A 5-page order worked by the seeded writer, approved by the client and matured: 1,000 cents on the writer's payable. */
async function maturedEarning(): Promise<{ order: Order; earning: WriterEarning }> {
  const order = await paidOrder(client, { pages: 5 });
  await assignWriter(adminActor, order.id, { writerId: writer.id, autoAccept: true });
  await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
  await approveOrder(client, order.id);
  const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
  await matureEarnings(earning.maturesAt);
  return { order, earning: await earning.reload() };
}

/**
 * The job as the scheduler runs it, in a later period each time it is asked for one (a writer's
 * batch of a period is built once): the last period ended after everything posted so far.
 */
let horizonDays = 40;
const nextPeriod = () => new Date(Date.now() + (horizonDays += 31) * DAY);
const runJob = (at = nextPeriod()) => buildDuePayouts(at);

async function setPayoutSettings(patch: Record<string, unknown>): Promise<void> {
  const website = (await Website.findByPk(client.websiteId))!;
  await website.update({ settings: { ...(website.settings as object), ...patch } });
}

describe('a matured earning is paid out', () => {
  it('becomes a line of the writer’s batch, an admin marks it paid, the writer sees it paid with the reference', async () => {
    const { order, earning } = await maturedEarning();
    expect(earning.status).toBe('matured');
    const payableBefore = await payableOf(writer.id, client.websiteId);

    const run = await runJob();
    expect(run.batches).toBeGreaterThanOrEqual(1);
    const line = (await PayoutLine.findOne({ where: { transactionId: earning.maturityTransactionId! } }))!;
    expect(line).toMatchObject({ kind: 'earning', amountCents: 1_000, referenceType: 'order', referenceId: String(order.id) });
    const payout = (await Payout.findByPk(line.payoutId))!;
    expect(payout).toMatchObject({ writerId: writer.id, status: 'pending', trigger: 'scheduled' });
    expect(payout.totalCents).toBe(payableBefore);
    // The earning row is not written by the build: the writer sees it in payout through its line.
    const earnings = await api('get', '/earnings?limit=100').expect(200);
    expect(earnings.body.items.find((e: { id: number }) => e.id === earning.id)).toMatchObject({ status: 'in_payout' });
    // The status filter means what the list shows: in a batch, not among the matured rest.
    const ids = (res: { body: { items: Array<{ id: number }> } }) => res.body.items.map((e) => e.id);
    expect(ids(await api('get', '/earnings?status=in_payout&limit=100').expect(200))).toContain(earning.id);
    expect(ids(await api('get', '/earnings?status=matured&limit=100').expect(200))).not.toContain(earning.id);

    // The writer sees the batch and its lines.
    const mine = await api('get', '/payouts').expect(200);
    const listed = mine.body.items.find((p: { id: number }) => p.id === payout.id);
    expect(listed).toMatchObject({ status: 'pending', totalCents: payout.totalCents, paymentReference: null });
    expect(listed.lines).toContainEqual(
      expect.objectContaining({ kind: 'earning', amountCents: 1_000, reference: { type: 'order', id: String(order.id) } }),
    );

    // Staff find it by writer and status; the record page's breakdown lists its lines.
    const found = await adminGet(support, `payouts/actions/list?filters.writerId=${writer.id}&filters.status=pending`).expect(200);
    expect(listedIds(found.body)).toContain(payout.id);
    const lines = await payouts.get(support, payout.id, 'lines').expect(200);
    expect(lines.body.lines).toContainEqual(expect.objectContaining({ kind: 'earning', amountCents: 1_000 }));

    // The confirmation screen (GET) shows the total and changes nothing.
    const shown = await payouts.get(admin, payout.id, 'markPaid').expect(200);
    expect(shown.body.record.params).toMatchObject({ status: 'pending', totalCents: payout.totalCents });
    const missing = await payouts.act(admin, payout.id, 'markPaid', { method: 'bank_transfer' }).expect(200);
    expect(missing.body.notice).toMatchObject({ type: 'error' });
    expect(missing.body.notice.message).toContain('reference');

    const paid = await payouts.act(admin, payout.id, 'markPaid', { reference: 'BANK-2026-001', method: 'bank_transfer' }).expect(200);
    expect(paid.body.notice).toMatchObject({ type: 'success' });
    expect(paid.body.record.params).toMatchObject({ status: 'paid', paymentReference: 'BANK-2026-001', paymentMethod: 'bank_transfer' });
    expect(await payableOf(writer.id, client.websiteId)).toBe(payableBefore - payout.totalCents);
    expect((await earning.reload()).status).toBe('paid');
    expect(await AuditLog.count({ where: { action: 'payout.mark_paid', targetId: String(payout.id) } })).toBe(1);

    const seen = await api('get', `/payouts/${payout.id}`).expect(200);
    expect(seen.body).toMatchObject({ status: 'paid', paymentReference: 'BANK-2026-001', paymentMethod: 'bank_transfer' });
    const balance = await api('get', '/balance').expect(200);
    expect(balance.body).toMatchObject({ payableCents: 0, availableCents: 0, inPayoutCents: 0, schedule: 'fortnightly' });

    // A paid batch is not changed: marking it again with another reference is refused.
    const again = await payouts.act(admin, payout.id, 'markPaid', { reference: 'OTHER', method: 'paypal' }).expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error' });
    expect((await payout.reload()).paymentReference).toBe('BANK-2026-001');
  });

  it('builds nothing twice: the job run again in the same period, or twice at once, adds no batch', async () => {
    await maturedEarning();
    const at = nextPeriod();
    const [first, second] = await Promise.all([runJob(at), runJob(at)]);
    expect(first.batches + second.batches).toBe(1);
    const count = await Payout.count();
    const lines = await PayoutLine.count();
    expect(await runJob(at)).toEqual({ batches: 0, lines: 0, totalCents: 0 });
    expect(await Payout.count()).toBe(count);
    expect(await PayoutLine.count()).toBe(lines);
    expect(WRITER_JOBS.buildPayouts.name).toBe('writers.build-payouts');
  });

  it('pays once when two admins mark the same batch at once (and a double click)', async () => {
    await maturedEarning();
    await runJob();
    const payout = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending' }, order: [['id', 'DESC']] }))!;
    const payableBefore = await payableOf(writer.id, client.websiteId);
    const admin2 = await signIn(t.app, 'admin@scriptorium.test');
    const form = { reference: 'BANK-2026-002', method: 'bank_transfer' };
    const answers = await Promise.all([
      payouts.act(admin, payout.id, 'markPaid', form),
      payouts.act(admin2, payout.id, 'markPaid', form),
      payouts.act(admin, payout.id, 'markPaid', form),
    ]);
    for (const a of answers) expect(a.status).toBe(200);
    expect(await LedgerTransaction.count({ where: { kind: 'payout', referenceId: String(payout.id) } })).toBe(1);
    expect(await payableOf(writer.id, client.websiteId)).toBe(payableBefore - payout.totalCents);
    expect((await payout.reload()).status).toBe('paid');
  });

  it('lets neither support nor a writer mark paid', async () => {
    await maturedEarning();
    await runJob();
    const payout = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending' }, order: [['id', 'DESC']] }))!;
    const bySupport = await payouts.act(support, payout.id, 'markPaid', { reference: 'X', method: 'other' }).expect(200);
    expect(bySupport.body.record?.baseError?.type ?? bySupport.body.notice?.type).toMatch(/ForbiddenError|error/);
    const bulkBySupport = await adminPost(support, `payouts/bulk/bulkMarkPaid?recordIds=${payout.id}`, { reference: 'X', method: 'other' });
    expect(JSON.stringify(bulkBySupport.body)).toMatch(/Forbidden/);
    const supportActor = await actorFor('support@scriptorium.test');
    await expect(markPayoutPaid(supportActor, payout.id, { reference: 'X', method: 'other' })).rejects.toMatchObject({ code: 'forbidden' });
    const writerActor = await actorFor('writer@scriptorium.test');
    await expect(markPayoutPaid(writerActor, payout.id, { reference: 'X', method: 'other' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await payout.reload()).status).toBe('pending');

    // The bulk screen first shows what will be paid: the pending batch; a paid one is left out, with why.
    const paidBefore = await Payout.findOne({ where: { status: 'paid' } });
    const chosen = [payout.id, ...(paidBefore ? [paidBefore.id] : [])].join(',');
    const preview = await adminGet(admin, `payouts/bulk/bulkMarkPaid?recordIds=${chosen}`).expect(200);
    expect(preview.body.preview.payable).toEqual([expect.objectContaining({ id: payout.id, totalCents: payout.totalCents })]);
    expect(preview.body.preview.totals).toEqual({ [payout.currency]: payout.totalCents });
    if (paidBefore) expect(preview.body.preview.refused).toEqual([{ id: paidBefore.id, reason: 'the batch is paid' }]);

    // An admin marks it in bulk; the answer says what was marked.
    const bulk = await adminPost(admin, `payouts/bulk/bulkMarkPaid?recordIds=${payout.id}`, {
      reference: 'BULK-1',
      method: 'paypal',
    }).expect(200);
    expect(bulk.body.results).toEqual([expect.objectContaining({ id: payout.id, ok: true })]);
    expect((await payout.reload()).status).toBe('paid');
  });
});

describe('early payouts and advances', () => {
  it('refuses an early payout below the threshold with a field error, builds one above it when an admin approves', async () => {
    const low = await api('post', '/payout-requests').send({ kind: 'early' }).expect(400);
    expect(low.body.error.fields).toHaveProperty('kind');

    await setPayoutSettings({ earlyPayoutThresholdCents: 1_000 });
    try {
      await maturedEarning();
      const asked = await api('post', '/payout-requests').send({ kind: 'early' }).expect(201);
      expect(asked.body).toMatchObject({ kind: 'early', status: 'pending' });
      expect(asked.body.amountCents).toBeGreaterThanOrEqual(1_000);
      await api('post', '/payout-requests').send({ kind: 'early' }).expect(409);

      const bySupport = await requests.act(support, asked.body.id, 'approve').expect(200);
      expect(bySupport.body.record?.baseError?.type ?? bySupport.body.notice?.type).toMatch(/ForbiddenError|error/);
      const approved = await requests.act(admin, asked.body.id, 'approve').expect(200);
      expect(approved.body.notice).toMatchObject({ type: 'success' });
      expect(approved.body.record.params).toMatchObject({ status: 'approved' });
      const payout = (await Payout.findByPk(Number(approved.body.record.params.payoutId)))!;
      expect(payout).toMatchObject({ trigger: 'early', status: 'pending' });
      // Everything owed, the batches still pending merged in.
      expect(payout.totalCents).toBe(await payableOf(writer.id, client.websiteId));
      await payouts.act(admin, payout.id, 'markPaid', { reference: 'EARLY-1', method: 'mobile_money' }).expect(200);
    } finally {
      await setPayoutSettings({ earlyPayoutThresholdCents: 5_000 });
    }
  });

  it('refuses an early payout with a reason the writer sees', async () => {
    await setPayoutSettings({ earlyPayoutThresholdCents: 1_000 });
    try {
      await maturedEarning();
      const asked = await api('post', '/payout-requests').send({ kind: 'early' }).expect(201);
      const noReason = await requests.act(admin, asked.body.id, 'refuse').expect(200);
      expect(noReason.body.notice).toMatchObject({ type: 'error' });
      const refused = await requests.act(admin, asked.body.id, 'refuse', { reason: 'Wait for the schedule' }).expect(200);
      expect(refused.body.record.params).toMatchObject({ status: 'refused', refusalReason: 'Wait for the schedule' });
    } finally {
      await setPayoutSettings({ earlyPayoutThresholdCents: 5_000 });
    }
  });

  it('caps an advance at 30 % of total earned minus outstanding advances, and repays it from the next payout', async () => {
    // Settle whatever is owed first, so the advance batch holds the advance alone.
    await runJob();
    for (const p of await Payout.findAll({ where: { writerId: writer.id, status: 'pending' } }))
      await markPayoutPaid(adminActor, p.id, { reference: `PRE-${p.id}`, method: 'other' });
    const before = (await api('get', '/balance').expect(200)).body;
    const cap = before.advanceAvailableCents;
    expect(cap).toBeGreaterThan(0);

    const over = await api('post', '/payout-requests')
      .send({ kind: 'advance', amountCents: cap + 1 })
      .expect(400);
    expect(over.body.error.fields).toHaveProperty('amountCents');
    await api('post', '/payout-requests').send({ kind: 'advance' }).expect(400);

    const asked = await api('post', '/payout-requests').send({ kind: 'advance', amountCents: cap }).expect(201);
    const approved = await requests.act(admin, asked.body.id, 'approve').expect(200);
    expect(approved.body.record.params).toMatchObject({ status: 'approved' });
    const advanceBatch = (await Payout.findByPk(Number(approved.body.record.params.payoutId)))!;
    expect(advanceBatch).toMatchObject({ trigger: 'advance', totalCents: cap });
    const advanceLine = await PayoutLine.findOne({ where: { payoutId: advanceBatch.id } });
    expect(advanceLine).toMatchObject({ kind: 'advance', amountCents: cap });
    await payouts.act(admin, advanceBatch.id, 'markPaid', { reference: 'ADV-1', method: 'paypal' }).expect(200);

    // Paid out: the writer owes it back, nothing more may be advanced until it is repaid.
    const owed = (await api('get', '/balance').expect(200)).body;
    expect(owed).toMatchObject({ payableCents: -cap, outstandingAdvancesCents: cap, advanceAvailableCents: 0 });
    await api('post', '/payout-requests').send({ kind: 'advance', amountCents: 100 }).expect(400);

    // The next batches deduct it: earnings enough to cover it, then the scheduled batch.
    const needed = Math.ceil((cap + 1) / 1_000);
    for (let i = 0; i < needed; i++) await maturedEarning();
    await runJob();
    const next = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending' }, order: [['id', 'DESC']] }))!;
    const nextLines = await PayoutLine.findAll({ where: { payoutId: next.id } });
    expect(nextLines).toContainEqual(expect.objectContaining({ kind: 'advance_repayment', amountCents: -cap }));
    expect(next.totalCents).toBe(needed * 1_000 - cap);
    await payouts.act(admin, next.id, 'markPaid', { reference: 'BANK-3', method: 'bank_transfer' }).expect(200);
    const after = (await api('get', '/balance').expect(200)).body;
    expect(after).toMatchObject({ payableCents: 0, outstandingAdvancesCents: 0 });
  });
});

describe('schedules', () => {
  it('builds a writer with their own monthly schedule on the month, set by an admin in the back office', async () => {
    const monthly = await adminPost(admin, 'writer_payout_settings/actions/new', {
      writerId: String(writer.id),
      schedule: 'monthly',
    }).expect(200);
    expect(monthly.body.notice).toMatchObject({ type: 'success' });
    const bySupport = await adminPost(support, 'writer_payout_settings/actions/new', { writerId: String(writer.id), schedule: '' }).expect(
      200,
    );
    expect(JSON.stringify(bySupport.body)).toMatch(/Forbidden/);
    try {
      expect((await api('get', '/balance').expect(200)).body.schedule).toBe('monthly');
      await maturedEarning();
      await runJob();
      const payout = (await Payout.findOne({ where: { writerId: writer.id }, order: [['id', 'DESC']] }))!;
      expect(payout).toMatchObject({ trigger: 'scheduled', schedule: 'monthly' });
      expect(payout.periodStart.getUTCDate()).toBe(1);
      expect(payout.periodEnd.getUTCDate()).toBe(1);
      await markPayoutPaid(adminActor, payout.id, { reference: `M-${payout.id}`, method: 'other' });
    } finally {
      const setting = (await WriterPayoutSetting.findOne({ where: { writerId: writer.id } }))!;
      const reset = await adminPost(admin, `writer_payout_settings/records/${setting.id}/edit`, { schedule: '' }).expect(200);
      expect(reset.body.notice).toMatchObject({ type: 'success' });
    }
    expect((await api('get', '/balance').expect(200)).body.schedule).toBe('fortnightly');
  });
});

describe('cancelled and merged batches', () => {
  it('gives a cancelled batch’s lines back: the period is rebuilt, and an early payout merges what is still pending', async () => {
    const { earning } = await maturedEarning();
    const at = nextPeriod();
    await runJob(at);
    const line = (await PayoutLine.findOne({ where: { transactionId: earning.maturityTransactionId! } }))!;
    const first = (await Payout.findByPk(line.payoutId))!;
    const noReason = await payouts.act(admin, first.id, 'cancel').expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error' });
    const cancelled = await payouts.act(admin, first.id, 'cancel', { reason: 'A fine was issued after the build' }).expect(200);
    expect(cancelled.body.record.params).toMatchObject({ status: 'cancelled', cancellationReason: 'A fine was issued after the build' });
    expect(await PayoutLine.count({ where: { payoutId: first.id } })).toBe(0);
    const refused = await payouts.act(admin, first.id, 'markPaid', { reference: 'NOPE', method: 'other' }).expect(200);
    expect(refused.body.notice).toMatchObject({ type: 'error' });

    expect((await runJob(at)).batches).toBe(1);
    const rebuilt = (await PayoutLine.findOne({ where: { transactionId: earning.maturityTransactionId! } }))!;
    expect(rebuilt.payoutId).not.toBe(first.id);

    await setPayoutSettings({ earlyPayoutThresholdCents: 500 });
    try {
      const asked = await api('post', '/payout-requests').send({ kind: 'early' }).expect(201);
      await requests.act(admin, asked.body.id, 'approve').expect(200);
      const request = (await PayoutRequest.findByPk(asked.body.id))!;
      expect((await Payout.findByPk(rebuilt.payoutId))!.status).toBe('cancelled');
      const merged = (await PayoutLine.findOne({ where: { transactionId: earning.maturityTransactionId! } }))!;
      expect(merged.payoutId).toBe(request.payoutId);
      await payouts.act(admin, request.payoutId!, 'markPaid', { reference: 'EARLY-2', method: 'bank_transfer' }).expect(200);
      expect(await payableOf(writer.id, client.websiteId)).toBe(0);
    } finally {
      await setPayoutSettings({ earlyPayoutThresholdCents: 5_000 });
    }
  });
});

describe('reversal and export', () => {
  it('reverses a paid batch with a reason (its total is owed again) and exports CSV', async () => {
    await maturedEarning();
    await runJob();
    const payout = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending' }, order: [['id', 'DESC']] }))!;
    await payouts.act(admin, payout.id, 'markPaid', { reference: 'BANK-9', method: 'bank_transfer' }).expect(200);
    const payable = await payableOf(writer.id, client.websiteId);
    const noReason = await payouts.act(admin, payout.id, 'reverse').expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error' });
    const reversed = await payouts.act(admin, payout.id, 'reverse', { reason: 'The transfer bounced' }).expect(200);
    expect(reversed.body.record.params).toMatchObject({ status: 'reversed', reversalReason: 'The transfer bounced' });
    expect(await payableOf(writer.id, client.websiteId)).toBe(payable + payout.totalCents);

    const csv = await admin.get('/admin/payouts.csv?filters.status=reversed').set('Host', 'localhost').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.split('\n')[0]).toContain('payout_id');
    expect(csv.text).toContain('BANK-9');
    const one = await admin.get(`/admin/payouts.csv?payoutId=${payout.id}`).set('Host', 'localhost').expect(200);
    expect(one.text).toContain('earning');
    expect(one.text).toContain(`total,,,,${payout.totalCents}`);
  });
});
