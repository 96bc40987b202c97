import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { accountBalance, walletBalance } from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { OrderRevision } from '../../src/orders/revisions/models.js';
import { getWriterOrder } from '../../src/orders/service/writer-queries.js';
import { Payment } from '../../src/payments/index.js';
import { payRevisionFromWallet } from '../../src/payments/service/revision.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { rows, type PostingRow } from './card-helpers.js';
import { clientWithLogin, type ClientActor } from './fixtures.js';
import { waitingRevision } from './revision-fixtures.js';

/** Paying a paid revision from the wallet: the money moves as a deadline change's does and the revision starts. */
let t: TestApp;
let client: ClientActor & { email: string };
let other: ClientActor & { email: string };
let admin: Actor;
let token: string;
let otherToken: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  client = await clientWithLogin(admin.websiteId!);
  other = await clientWithLogin(admin.websiteId!);
  token = (await login(t.app, client.email)).accessToken;
  otherToken = (await login(t.app, other.email)).accessToken;
});
afterAll(() => t?.close());

function pay(orderId: number, revisionId: number, options: { bearer?: string; key?: string; body?: Record<string, unknown> } = {}) {
  const req = request(t.app)
    .post(`/api/v1/orders/${orderId}/revisions/${revisionId}/pay`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${options.bearer ?? token}`);
  if (options.key) req.set('Idempotency-Key', options.key);
  return req.send(options.body ?? { method: 'wallet' });
}

const wallet = async () => (await walletBalance(client, client.userId)).balanceCents;
const escrow = async (orderId: number) => (await accountBalance(admin, { kind: 'order_escrow', ownerId: orderId })).balanceCents;
const postingsOf = (ledgerTransactionId: number) =>
  rows<PostingRow>(
    `SELECT t.kind, a.kind AS account, a.owner_id, e.amount_cents FROM ledger_transactions t
       JOIN ledger_entries e ON e.transaction_id = t.id JOIN ledger_accounts a ON a.id = e.account_id
      WHERE t.id = $1 ORDER BY e.amount_cents, e.id`,
    [ledgerTransactionId],
  );

describe('POST /api/v1/orders/:id/revisions/:revisionId/pay (wallet)', () => {
  it('moves the charge wallet -> escrow, records a revision payment and starts the revision in the same transaction', async () => {
    const { order, revision, writer } = await waitingRevision(client, admin, 'Rework the conclusion with two more sources.');
    const charge = revision.chargeCents;
    expect(charge).toBe(Math.floor((order.totalCents! + 1) / 2));
    await fundWallet(client.websiteId, client.userId, charge + 100);
    const [walletBefore, escrowBefore] = [await wallet(), await escrow(order.id)];

    const res = await pay(order.id, revision.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.payment).toMatchObject({
      purpose: 'revision',
      revisionId: revision.id,
      installmentId: null,
      deadlineChangeId: null,
      creditedToWallet: false,
      method: 'wallet',
      status: 'succeeded',
      amountCents: charge,
      orderId: order.id,
      orderNumber: order.number,
    });
    expect(res.body.payment.receiptNumber).toMatch(/^R-\d{6}$/);
    expect(res.body.revision).toMatchObject({ id: revision.id, status: 'started', chargeCents: charge });
    expect(res.body.order).toMatchObject({
      status: 'revision_requested',
      totalCents: order.totalCents! + charge,
      paidCents: order.totalCents! + charge,
      outstandingCents: 0,
    });

    expect(await wallet()).toBe(walletBefore - charge);
    expect(await escrow(order.id)).toBe(escrowBefore + charge);
    const payment = (await Payment.findByPk(res.body.payment.id))!;
    expect(payment.revisionId).toBe(revision.id);
    expect(await postingsOf(payment.ledgerTransactionId!)).toEqual([
      { kind: 'order_payment_wallet', account: 'client_wallet', owner_id: client.userId, amount_cents: -charge },
      { kind: 'order_payment_wallet', account: 'order_escrow', owner_id: order.id, amount_cents: charge },
    ]);

    const fresh = (await Order.findByPk(order.id))!;
    expect(fresh.writerDeadline!.getTime()).toBe(revision.deadline.getTime());
    const started = await OrderEvent.findOne({ where: { orderId: order.id, action: 'request_revision' } });
    expect(started).toMatchObject({
      actorRole: 'client',
      fromStatus: 'submitted',
      toStatus: 'revision_requested',
      note: 'Rework the conclusion with two more sources.',
    });
    expect(started!.data).toMatchObject({ revisionId: revision.id, paid: true, chargeCents: charge });
    expect(await AuditLog.count({ where: { action: 'payment.succeeded', targetId: String(payment.id) } })).toBe(1);
    expect(await AuditLog.count({ where: { action: 'order.request_revision', targetId: String(order.id) } })).toBe(1);

    // The writer now sees the revision, with the client's instructions.
    const seen = await getWriterOrder(writer, order.id);
    expect(seen.status).toBe('revision_requested');
    expect(seen.timeline!.find((e) => e.action === 'request_revision')).toMatchObject({
      note: 'Rework the conclusion with two more sources.',
    });

    const again = await pay(order.id, revision.id);
    expect(again.status).toBe(409);
    expect(await Payment.count({ where: { revisionId: revision.id } })).toBe(1);
    await expectLedgerBalanced();
  });

  it('a wallet short of the charge is a 402 and nothing is written', async () => {
    const { order, revision } = await waitingRevision(client, admin);
    const topUp = revision.chargeCents - 1 - (await wallet());
    if (topUp > 0) await fundWallet(client.websiteId, client.userId, topUp);
    const [walletBefore, escrowBefore, txBefore, eventsBefore] = [
      await wallet(),
      await escrow(order.id),
      await LedgerTransaction.count(),
      await OrderEvent.count({ where: { orderId: order.id } }),
    ];
    expect(walletBefore).toBeLessThan(revision.chargeCents);

    const res = await pay(order.id, revision.id, { key: randomUUID() });
    expect(res.status).toBe(402);
    expect(res.body.error.code).toBe('payment_required');
    expect(await wallet()).toBe(walletBefore);
    expect(await escrow(order.id)).toBe(escrowBefore);
    expect(await LedgerTransaction.count()).toBe(txBefore);
    expect(await Payment.count({ where: { revisionId: revision.id } })).toBe(0);
    expect(await OrderEvent.count({ where: { orderId: order.id } })).toBe(eventsBefore);
    expect((await OrderRevision.findByPk(revision.id))!.status).toBe('awaiting_payment');
    expect((await Order.findByPk(order.id))!).toMatchObject({
      status: 'submitted',
      totalCents: order.totalCents,
      paidCents: order.paidCents,
    });
    await expectLedgerBalanced();
  });

  it('a replay with the same Idempotency-Key gets the first answer and moves nothing; the key with another body is a 409', async () => {
    const { order, revision } = await waitingRevision(client, admin);
    await fundWallet(client.websiteId, client.userId, revision.chargeCents);
    const key = randomUUID();
    const first = await pay(order.id, revision.id, { key });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const afterFirst = await wallet();
    const replay = await pay(order.id, revision.id, { key });
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await pay(order.id, revision.id, { key, body: { method: 'wallet', extra: true } })).status).toBe(409);
    expect(await wallet()).toBe(afterFirst);
    expect(await Payment.count({ where: { revisionId: revision.id } })).toBe(1);
    await expectLedgerBalanced();
  });

  it('a retry whose stored answer was lost (the process died after commit) finds the first payment through the ledger key', async () => {
    const { order, revision } = await waitingRevision(client, admin);
    await fundWallet(client.websiteId, client.userId, revision.chargeCents);
    const requestKey = `${client.userId}:${randomUUID()}`;
    const first = await payRevisionFromWallet(client, order.id, revision.id, { requestKey });
    const afterFirst = await wallet();
    const retry = await payRevisionFromWallet(client, order.id, revision.id, { requestKey });
    expect(retry.replayed).toBe(true);
    expect(retry.payment.id).toBe(first.payment.id);
    expect(await wallet()).toBe(afterFirst);
    await expect(
      payRevisionFromWallet(client, order.id, revision.id, { requestKey: `${client.userId}:${randomUUID()}` }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expectLedgerBalanced();
  });

  it('five parallel payments of one revision (different keys): exactly one goes through, the wallet is charged once', async () => {
    const { order, revision } = await waitingRevision(client, admin);
    await fundWallet(client.websiteId, client.userId, revision.chargeCents * 5);
    const before = await wallet();
    const answers = await Promise.all(Array.from({ length: 5 }, () => pay(order.id, revision.id, { key: randomUUID() })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await wallet()).toBe(before - revision.chargeCents);
    expect(await Payment.count({ where: { revisionId: revision.id } })).toBe(1);
    expect(await OrderEvent.count({ where: { orderId: order.id, action: 'request_revision' } })).toBe(1);
    await expectLedgerBalanced();
  });

  it("another client's order or another order's revision is a 404; a withdrawn revision is a 409; card points to card intents", async () => {
    const { order, revision } = await waitingRevision(client, admin);
    await fundWallet(other.websiteId, other.userId, revision.chargeCents);
    expect((await pay(order.id, revision.id, { bearer: otherToken })).status).toBe(404);
    const second = await waitingRevision(client, admin);
    expect((await pay(second.order.id, revision.id)).status).toBe(404);
    expect((await pay(order.id, revision.id, { body: { method: 'card' } })).status).toBe(400);

    await fundWallet(client.websiteId, client.userId, revision.chargeCents);
    const withdrawn = await request(t.app)
      .post(`/api/v1/orders/${order.id}/revisions/${revision.id}/withdraw`)
      .set('Host', HOST_A)
      .set('Authorization', `Bearer ${token}`)
      .send();
    expect(withdrawn.status).toBe(200);
    const res = await pay(order.id, revision.id);
    expect(res.status).toBe(409);
    expect(res.body.error.currentStatus).toBe('withdrawn');
    expect(await Payment.count({ where: { orderId: order.id, purpose: 'revision' } })).toBe(0);
    expect((await Order.findByPk(order.id))!.status).toBe('submitted');
    await expectLedgerBalanced();
  });
});
