import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { walletBalance } from '../../src/ledger/index.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { OrderRevision } from '../../src/orders/revisions/models.js';
import { withdrawRevision } from '../../src/orders/revisions/service.js';
import { getWriterOrder } from '../../src/orders/service/writer-queries.js';
import { markPaymentSucceeded, Payment, startCardPayment } from '../../src/payments/index.js';
import { actorFor } from '../orders/fixtures.js';
import type { FakeStripe } from '../support/fake-stripe.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { cardIntentRequest, intentIdOf, postingsOfPayment, startCardTest, type CardTest } from './card-helpers.js';
import type { ClientActor } from './fixtures.js';
import { waitingRevision } from './revision-fixtures.js';

/** Paying a paid revision by card: Stripe's confirmation posts stripe_clearing -> escrow and starts the revision. */
let card: CardTest;
let fake: FakeStripe;
let t: TestApp;
let client: ClientActor & { email: string };
let admin: Actor;
let token: string;
beforeAll(async () => {
  card = await startCardTest();
  ({ fake, t, client, token } = card);
  admin = await actorFor('admin@scriptorium.test');
});
afterAll(() => card?.close());

const wallet = async () => (await walletBalance(client, client.userId)).balanceCents;

describe('card payment of a paid revision', () => {
  it("creates the intent for the charge; Stripe's webhook starts the revision, recorded as the client's request", async () => {
    const { order, revision, writer } = await waitingRevision(client, admin, 'Add a counter-argument section.');
    fake.autoDeliver(t.app);
    let paymentId: number;
    try {
      const res = await cardIntentRequest(t.app, token, { purpose: 'revision', orderId: order.id, revisionId: revision.id }, randomUUID());
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ amountCents: revision.chargeCents, status: 'pending' });
      paymentId = res.body.paymentId;
      expect((await OrderRevision.findByPk(revision.id))!.status).toBe('awaiting_payment');
      await fake.succeed(intentIdOf(res.body.clientSecret));
    } finally {
      fake.autoDeliver(null);
    }

    const payment = (await Payment.findByPk(paymentId))!;
    expect(payment).toMatchObject({ status: 'succeeded', purpose: 'revision', revisionId: revision.id, amountCents: revision.chargeCents });
    expect(await postingsOfPayment(payment.id)).toEqual([
      { kind: 'order_payment_card', account: 'stripe_clearing', owner_id: null, amount_cents: -revision.chargeCents },
      { kind: 'order_payment_card', account: 'order_escrow', owner_id: order.id, amount_cents: revision.chargeCents },
    ]);
    expect((await OrderRevision.findByPk(revision.id))!.status).toBe('started');
    expect((await Order.findByPk(order.id))!).toMatchObject({
      status: 'revision_requested',
      totalCents: order.totalCents! + revision.chargeCents,
    });
    const started = await OrderEvent.findOne({ where: { orderId: order.id, action: 'request_revision' } });
    expect(started).toMatchObject({ actorRole: 'client', actorUserId: client.userId });
    const seen = await getWriterOrder(writer, order.id);
    expect(seen.timeline!.find((e) => e.action === 'request_revision')?.note).toBe('Add a counter-argument section.');
    await expectLedgerBalanced();
  });

  it('money confirmed for a revision withdrawn meanwhile lands in the wallet; the order stays delivered', async () => {
    const { order, revision } = await waitingRevision(client, admin);
    const pending = await startCardPayment(client, { purpose: 'revision', orderId: order.id, revisionId: revision.id });
    await withdrawRevision(client, order.id, revision.id);
    await expect(startCardPayment(client, { purpose: 'revision', orderId: order.id, revisionId: revision.id })).rejects.toMatchObject({
      code: 'conflict',
    });
    const before = await wallet();
    const done = await markPaymentSucceeded(pending.id);
    expect(done.status).toBe('succeeded');
    expect(done.reference).toMatch(/wallet.*withdrawn/);
    expect(await wallet()).toBe(before + revision.chargeCents);
    expect((await OrderRevision.findByPk(revision.id))!.status).toBe('withdrawn');
    expect((await Order.findByPk(order.id))!).toMatchObject({ status: 'submitted', totalCents: order.totalCents });
    await expectLedgerBalanced();
  });

  it("another order's revision is a 404 and nothing is started", async () => {
    const { revision } = await waitingRevision(client, admin);
    const { order: second } = await waitingRevision(client, admin);
    const res = await cardIntentRequest(t.app, token, { purpose: 'revision', orderId: second.id, revisionId: revision.id });
    expect(res.status).toBe(404);
    expect(await Payment.count({ where: { revisionId: revision.id } })).toBe(0);
  });
});
