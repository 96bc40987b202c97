import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { accountBalance, postTransaction } from '../../src/ledger/index.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { Tip } from '../../src/writers/tips/models.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { adminGet, recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet, walletOf } from '../support/ledger.js';

/**
 * A tip over $1,000 waits for an admin (RULES.md "Writers"): through the back office's tips
 * resource, approving posts it then (the writer's share to their payable, once however often it is
 * clicked); refusing needs a reason and never charges; support looks but does not decide; a
 * wallet that no longer holds the amount is refused and the tip keeps waiting.
 */
type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let client: Who;
let staff: Who;
let token: string;
let admin: Agent;
let support: Agent;
let adminB: Agent;
const tips = recordActions('tips');

beforeAll(async () => {
  t = await startAdminApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  staff = (await actorFor('admin@scriptorium.test')) as Who;
  token = (await login(t.app, 'client@scriptorium.test')).accessToken;
  ({ admin, support, adminB } = await signInStaff(t.app));
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const payableOf = async (writerId: number) =>
  (await accountBalance(systemActor(client.websiteId), { kind: 'writer_payable', ownerId: writerId, websiteId: client.websiteId }))
    .balanceCents;

let keys = 0;
/** A tip of $1,500 on a fresh writer's order: over the limit, so it waits (the wallet covers it when asked). */
async function heldTip(): Promise<{ tip: Tip; writerId: number }> {
  await fundWallet(client.websiteId, client.userId, 150_000);
  const writer = await newWriter(client.websiteId);
  const order = await paidOrder(client, { pages: 1 });
  await assignWriter(staff, order.id, { writerId: writer.userId, autoAccept: true });
  const res = await request(t.app)
    .post(`/api/v1/orders/${order.id}/tips`)
    .set('Host', HOST_A)
    .set('Authorization', `Bearer ${token}`)
    .set('Idempotency-Key', `held-${++keys}-${Date.now()}`)
    .send({ amountCents: 150_000 })
    .expect(201);
  expect(res.body.status).toBe('pending_review');
  return { tip: (await Tip.findByPk(res.body.id))!, writerId: writer.userId };
}

describe('tips held for review, in the back office', () => {
  it('an admin approves: the wallet pays it now, the writer gets their share, once however often it is clicked', async () => {
    await fundWallet(client.websiteId, client.userId, 150_000);
    const { tip, writerId } = await heldTip();
    const wallet = await walletOf(client);
    const queue = await adminGet(admin, 'tips/actions/list').expect(200);
    expect(queue.body.records.map((r: { id: string }) => Number(r.id))).toContain(tip.id);

    const res = await tips.act(admin, tip.id, 'approve').expect(200);
    expect(res.body.notice, JSON.stringify(res.body)).toMatchObject({ type: 'success' });
    const again = await tips.act(admin, tip.id, 'approve').expect(200);
    expect(again.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('not waiting') });

    const after = (await Tip.findByPk(tip.id))!;
    expect(after).toMatchObject({ status: 'posted', reviewedBy: staff.userId });
    expect(after.ledgerTransactionId).not.toBeNull();
    expect(await walletOf(client)).toBe(wallet - 150_000);
    expect(await payableOf(writerId)).toBe(tip.writerCents);
    expect(await AuditLog.count({ where: { action: 'tip.approve', targetId: String(tip.orderId) } })).toBe(1);
  });

  it('refusing needs a reason, charges nothing, and the tip stays refused', async () => {
    const { tip, writerId } = await heldTip();
    const wallet = await walletOf(client);
    const missing = await tips.act(admin, tip.id, 'refuse', { reason: '' }).expect(200);
    expect(missing.body.notice).toMatchObject({ type: 'error', message: expect.stringContaining('reason') });
    expect((await Tip.findByPk(tip.id))!.status).toBe('pending_review');

    const res = await tips.act(admin, tip.id, 'refuse', { reason: 'The client asked us to cancel it' }).expect(200);
    expect(res.body.notice).toMatchObject({ type: 'success' });
    expect(await Tip.findByPk(tip.id)).toMatchObject({
      status: 'refused',
      reviewReason: 'The client asked us to cancel it',
      ledgerTransactionId: null,
    });
    expect(await walletOf(client)).toBe(wallet);
    expect(await payableOf(writerId)).toBe(0);
  });

  it("a wallet short of the amount is refused and the tip keeps waiting; support and another website's admin cannot decide", async () => {
    const { tip } = await heldTip();
    // The client spends the wallet while the tip waits.
    await postTransaction(systemActor(client.websiteId), {
      websiteId: client.websiteId,
      currency: 'USD',
      kind: 'adjustment',
      reference: { type: 'test_drain', id: String(tip.id) },
      memo: 'Test: the wallet is spent meanwhile',
      idempotencyKey: `test-drain:${tip.id}`,
      postings: [
        { from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'platform_revenue' }, amountCents: await walletOf(client) },
      ],
    });
    const short = await tips.act(admin, tip.id, 'approve').expect(200);
    expect(short.body.notice).toMatchObject({ type: 'error' });
    expect((await Tip.findByPk(tip.id))!.status).toBe('pending_review');

    expect((await tips.get(support, tip.id, 'show').expect(200)).body.record.params.status).toBe('pending_review');
    // Refused either way AdminJS answers a refusal: an HTTP error, or an error notice.
    const refused = (res: request.Response) => res.status >= 400 || res.body.notice?.type === 'error';
    expect(refused(await tips.act(support, tip.id, 'approve'))).toBe(true);
    expect(refused(await tips.act(adminB, tip.id, 'refuse', { reason: 'not mine' }, 'b.localhost'))).toBe(true);
    expect((await Tip.findByPk(tip.id))!.status).toBe('pending_review');
  });
});
