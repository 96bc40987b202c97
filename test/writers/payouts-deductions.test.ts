import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { accountBalance } from '../../src/ledger/index.js';
import { approveOrder } from '../../src/orders/service/client-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { issueFine } from '../../src/writers/fines/index.js';
import { matureEarnings } from '../../src/writers/index.js';
import { WriterEarning } from '../../src/writers/models.js';
import { buildDuePayouts, Payout, PayoutLine } from '../../src/writers/payouts/index.js';
import { nextPayoutDate } from '../../src/writers/payouts/rules.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/**
 * A fine issued after a period has ended but before its batch is built (the demo data's case: the
 * lateness job and staff fine writers any day) is deducted from that batch: "open fines are
 * deducted in the next payout". Left for a later batch, it made the batch pay more than the
 * writer is owed, and marking it paid was refused by the ledger (writer_payable cannot go below
 * zero through a payout) — the batch could never be paid, nor rebuilt any smaller.
 */
type Who = Actor & { userId: number; websiteId: number };
const HOUR = 3_600_000;

let t: TestApp;
let admin: Agent;
let client: Who;
let adminActor: Who;
let writer: User;
const payouts = recordActions('payouts');

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin } = await signInStaff(t.app));
  client = (await actorFor('client@scriptorium.test')) as Who;
  adminActor = (await actorFor('admin@scriptorium.test')) as Who;
  writer = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
  await writer.update({ maxActiveOrders: 100 });
});
afterEach(async () => {
  clock.reset();
  await expectLedgerBalanced();
});
afterAll(() => t?.close());

const payableOf = async () =>
  (await accountBalance(systemActor(client.websiteId), { kind: 'writer_payable', ownerId: writer.id, websiteId: client.websiteId }))
    .balanceCents;

describe('a fine issued between the end of a period and the build of its batch', () => {
  it('is deducted from that batch, which an admin can then mark paid', async () => {
    // A matured earning in the period running now.
    const order = await paidOrder(client, { pages: 20 });
    await assignWriter(adminActor, order.id, { writerId: writer.id, autoAccept: true });
    await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
    await matureEarnings(earning.maturesAt);

    // The period ends; an hour later staff fine the writer; an hour after that the job builds the period's batch.
    const periodEnd = nextPayoutDate('fortnightly', clock.now());
    clock.travel(periodEnd.getTime() + HOUR - clock.now().getTime());
    const fine = await issueFine(adminActor, { orderId: order.id, typeCode: 'wrong_files', reason: 'Uploaded the outline' });
    expect(fine.amountCents).toBeGreaterThan(0);
    clock.travel(HOUR);
    // What the writer is owed beyond the batches already built (the demo's, still pending).
    const pendingBefore = await Payout.sum('totalCents', { where: { writerId: writer.id, status: 'pending' } });
    const owed = (await payableOf()) - (pendingBefore || 0);
    expect(owed).toBeGreaterThan(0);
    await buildDuePayouts(clock.now());

    const payout = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending', periodEnd } }))!;
    expect(payout).not.toBeNull();
    const fineLine = await PayoutLine.findOne({ where: { payoutId: payout.id, kind: 'fine' } });
    expect(fineLine).toMatchObject({ amountCents: -fine.amountCents, referenceType: 'fine', referenceId: String(fine.id) });
    expect(payout.totalCents).toBe(owed);

    const paid = await payouts.act(admin, payout.id, 'markPaid', { reference: 'BANK-42', method: 'bank_transfer' }).expect(200);
    expect(paid.body.notice).toMatchObject({ type: 'success' });
    expect((await payout.reload()).status).toBe('paid');
    // The payable never went below what the other pending batches hold.
    expect(await payableOf()).toBe(pendingBefore || 0);
  });

  it('tells the admin why a batch cannot be paid when a fine came after it was built, and the rebuilt batch nets the fine', async () => {
    const order = await paidOrder(client, { pages: 20 });
    await assignWriter(adminActor, order.id, { writerId: writer.id, autoAccept: true });
    await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
    await matureEarnings(earning.maturesAt);
    // Whatever is still pending from before is paid first, so this batch is the writer's only one.
    for (const p of await Payout.findAll({ where: { writerId: writer.id, status: 'pending' } }))
      await payouts.act(admin, p.id, 'markPaid', { reference: `OLD-${p.id}`, method: 'other' }).expect(200);

    // The period after the one the test above built (a writer's batch of a period is built once).
    const periodEnd = nextPayoutDate('fortnightly', new Date(nextPayoutDate('fortnightly', clock.now()).getTime() + HOUR));
    clock.travel(periodEnd.getTime() + HOUR - clock.now().getTime());
    await buildDuePayouts(clock.now());
    const payout = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending', periodEnd } }))!;
    expect(payout).not.toBeNull();
    // Staff fine the writer after the batch was built, before an admin pays it.
    const fine = await issueFine(adminActor, { orderId: order.id, typeCode: 'wrong_files', reason: 'Uploaded the outline' });

    const refused = await payouts.act(admin, payout.id, 'markPaid', { reference: 'BANK-43', method: 'bank_transfer' }).expect(200);
    expect(refused.body.notice.type).toBe('error');
    expect(refused.body.notice.message).toMatch(/after (this|the) batch was built/);
    expect(refused.body.notice.message).toMatch(/[Cc]ancel/);
    expect(refused.body.notice.message).not.toMatch(/user \d+/);
    expect((await payout.reload()).status).toBe('pending');

    // Cancelled, the period is built again with the fine deducted, and that batch is paid.
    await payouts.act(admin, payout.id, 'cancel', { reason: 'A fine came after the build' }).expect(200);
    expect((await payout.reload()).status).toBe('cancelled');
    await buildDuePayouts(clock.now());
    const rebuilt = (await Payout.findOne({ where: { writerId: writer.id, status: 'pending', periodEnd } }))!;
    expect(rebuilt.totalCents).toBe(payout.totalCents - fine.amountCents);
    const paid = await payouts.act(admin, rebuilt.id, 'markPaid', { reference: 'BANK-44', method: 'bank_transfer' }).expect(200);
    expect(paid.body.notice).toMatchObject({ type: 'success' });
    expect(await payableOf()).toBe(0);
  });
});
