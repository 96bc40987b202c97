import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { User } from '../../src/identity/models.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { accountBalance } from '../../src/ledger/index.js';
import { LedgerTransaction } from '../../src/ledger/models.js';
import type { Order } from '../../src/orders/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { createWebsite } from '../../src/tenancy/service/manage-websites.js';
import { Fine, FineType } from '../../src/writers/fines/models.js';
import { makeUser } from '../admin/helpers.js';
import { HOST_A, login } from '../identity/helpers.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { adminGet, adminPost, listedIds, recordActions, signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/**
 * Fines as their users meet them: staff issue one from the order page of the back office, the
 * writer sees it and appeals through the API, staff escalate and decide in the back office (an
 * accepted appeal refunds the writer by posting), admins waive or void; the ledger balances.
 * Each order earns its writer 5 pages × $2.00 = $10.00.
 */
type Who = Actor & { userId: number; websiteId: number };

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let superadmin: Agent;
let client: Who;
let adminActor: Who;
let writer: User;
let writerToken: string;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
  client = (await actorFor('client@scriptorium.test')) as Who;
  adminActor = (await actorFor('admin@scriptorium.test')) as Who;
  writer = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
  await writer.update({ maxActiveOrders: 100 });
  writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const orders = recordActions('orders');
const fines = recordActions('fines');
const payable = async () =>
  (await accountBalance(systemActor(writer.websiteId!), { kind: 'writer_payable', ownerId: writer.id, websiteId: writer.websiteId! }))
    .balanceCents;

async function assignedOrder(): Promise<Order> {
  const order = await paidOrder(client, { pages: 5 });
  await assignWriter(adminActor, order.id, { writerId: writer.id, autoAccept: true });
  return order.reload();
}

const api = (token = writerToken) => ({
  get: (path: string) => request(t.app).get(`/api/v1/writer/fines${path}`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`),
  appeal: (id: number, body: object) =>
    request(t.app).post(`/api/v1/writer/fines/${id}/appeal`).set('Host', HOST_A).set('Authorization', `Bearer ${token}`).send(body),
});

async function issue(agent: Agent, order: Order, typeCode: string, reason = 'The bibliography ignores the style asked for') {
  const res = await orders.act(agent, order.id, 'issueFine', { typeCode, reason }).expect(200);
  return res.body as { notice: { type: string; message: string } };
}

describe('issuing a fine from the order page', () => {
  it('shows support what each type comes to on the order, then fines the writer: posted at once, audited', async () => {
    const order = await assignedOrder();
    const before = await payable();

    const shown = await orders.get(support, order.id, 'issueFine').expect(200);
    const preview = shown.body.preview.fines;
    expect(preview).toMatchObject({ writerId: writer.id, earningCents: 1_000, currency: 'USD' });
    const amounts = Object.fromEntries(preview.types.map((x: { code: string; amountCents: number }) => [x.code, x.amountCents]));
    // Quality: 10 % of $10 is $1, raised to its $5 minimum; plagiarism $100; dropping late 20 %, min $10.
    expect(amounts).toMatchObject({ quality: 500, plagiarism: 10_000, late_drop: 1_000, excessive_revisions: 50 });
    expect(amounts).not.toHaveProperty('lateness');
    expect(await Fine.count({ where: { orderId: order.id } })).toBe(0); // the GET changed nothing

    const done = await issue(support, order, 'quality');
    expect(done.notice.type).toBe('success');
    const fine = (await Fine.findOne({ where: { orderId: order.id } }))!;
    expect(fine).toMatchObject({ writerId: writer.id, typeCode: 'quality', status: 'issued', amountCents: 500, postedCents: 500 });
    expect(await payable()).toBe(before - 500);
    const posted = (await LedgerTransaction.findByPk(fine.lastTransactionId!))!;
    expect(posted).toMatchObject({ kind: 'fine', referenceType: 'fine', referenceId: String(fine.id) });
    expect(await AuditLog.findOne({ where: { action: 'fine.issue', targetId: String(fine.id) } })).toMatchObject({
      actorRole: 'support',
      changes: { reason: 'The bibliography ignores the style asked for', after: { amountCents: 500, status: 'issued' } },
    });
  });

  it('refuses without a reason, a lateness fine by hand, and another website’s staff', async () => {
    const order = await assignedOrder();
    const noReason = await orders.act(support, order.id, 'issueFine', { typeCode: 'quality', reason: ' ' }).expect(200);
    expect(noReason.body.notice).toMatchObject({ type: 'error' });
    expect(noReason.body.notice.message).toMatch(/reason/);
    const lateness = await issue(admin, order, 'lateness');
    expect(lateness.notice.type).toBe('error');
    const fromB = await orders.act(adminB, order.id, 'issueFine', { typeCode: 'quality', reason: 'x' }, 'b.localhost');
    expect(fromB.status).toBe(404);
    expect(await Fine.count({ where: { orderId: order.id } })).toBe(0);
  });
});

describe('the writer’s fines through the API, and the appeal', () => {
  it('lists my fines with filters, lets me appeal once with a reason; staff escalate, an admin accepts and I am refunded', async () => {
    const order = await assignedOrder();
    await issue(admin, order, 'wrong_files');
    const fine = (await Fine.findOne({ where: { orderId: order.id } }))!;
    const afterFine = await payable();

    const mine = await api().get(`?orderId=${order.id}`).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: fine.id, orderNumber: order.number, type: 'wrong_files', status: 'issued', amountCents: 1_000 }),
    ]);
    expect((await api().get('?status=waived&limit=100').expect(200)).body.items.map((i: { id: number }) => i.id)).not.toContain(fine.id);
    expect((await api().get('?status=nonsense').expect(400)).body.error.fields).toHaveProperty('status');

    // Only the fined writer appeals; a reason is required.
    const other = await makeUser({ websiteId: writer.websiteId!, role: 'writer', status: 'active' } as never);
    const otherToken = (await login(t.app, other.email)).accessToken;
    await api(otherToken).appeal(fine.id, { reason: 'Not mine' }).expect(404);
    expect((await api().appeal(fine.id, { reason: '' }).expect(400)).body.error.fields).toHaveProperty('reason');

    const appealed = await api().appeal(fine.id, { reason: 'I uploaded the right files; the client opened an old draft' }).expect(200);
    expect(appealed.body).toMatchObject({
      id: fine.id,
      orderNumber: order.number,
      status: 'appealed',
      appealReason: expect.stringContaining('right files'),
    });
    const again = await api().appeal(fine.id, { reason: 'Please' }).expect(409);
    expect(again.body.error.code).toBe('conflict');

    // The appeal queue shows it.
    const queue = await adminGet(support, 'fines/actions/list?filters.appealOpen=true&perPage=500').expect(200);
    expect(listedIds(queue.body)).toContain(fine.id);

    // Support escalates; an escalated appeal is an admin's to decide.
    expect((await fines.act(support, fine.id, 'escalate', { note: '' }).expect(200)).body.notice.type).toBe('error');
    expect((await fines.act(support, fine.id, 'escalate', { note: 'The files need a second look' }).expect(200)).body.notice.type).toBe(
      'success',
    );
    expect((await fine.reload()).status).toBe('escalated');
    const bySupport = await fines.act(support, fine.id, 'decideAppeal', { decision: 'accept', note: 'Fine' }).expect(200);
    expect(bySupport.body.notice.type).toBe('error');
    expect((await fine.reload()).status).toBe('escalated');

    const decided = await fines.act(admin, fine.id, 'decideAppeal', { decision: 'accept', note: 'The right files were there' }).expect(200);
    expect(decided.body.notice.type).toBe('success');
    expect(await fine.reload()).toMatchObject({ status: 'accepted', refundedCents: 1_000, decisionNote: 'The right files were there' });
    expect(await payable()).toBe(afterFine + 1_000);
    expect((await LedgerTransaction.findByPk(fine.refundTransactionId!))!.kind).toBe('fine_refund');
    const queueAfter = await adminGet(support, 'fines/actions/list?filters.appealOpen=true&perPage=500').expect(200);
    expect(listedIds(queueAfter.body)).not.toContain(fine.id);
    const seen = (await api().get(`?orderId=${order.id}`).expect(200)).body.items[0];
    expect(seen).toMatchObject({ status: 'accepted', refundedCents: 1_000 });
  });

  it('a rejected appeal leaves the fine standing; the writer cannot appeal it again', async () => {
    const order = await assignedOrder();
    await issue(support, order, 'communication_breach');
    const fine = (await Fine.findOne({ where: { orderId: order.id } }))!;
    await api().appeal(fine.id, { reason: 'I only shared a link to the library' }).expect(200);
    const rejected = await fines
      .act(support, fine.id, 'decideAppeal', { decision: 'reject', note: 'A phone number was shared' })
      .expect(200);
    expect(rejected.body.notice.type).toBe('success');
    expect(await fine.reload()).toMatchObject({ status: 'rejected', refundedCents: 0 });
    await api().appeal(fine.id, { reason: 'Again' }).expect(409);
  });

  it('answers 401 without a token and 403 to a client', async () => {
    await request(t.app).get('/api/v1/writer/fines').set('Host', HOST_A).expect(401);
    const clientToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    await api(clientToken).get('').expect(403);
  });
});

describe('admins waive or void; the fines resource is scoped to the website', () => {
  it('waives and voids with a reason (refunded by posting); support may not; website B never sees the fine', async () => {
    const order = await assignedOrder();
    await issue(support, order, 'privacy_breach');
    await issue(support, order, 'plagiarism');
    const [privacy, plagiarism] = await Fine.findAll({ where: { orderId: order.id }, order: [['id', 'ASC']] });
    const before = await payable();

    const bySupport = await fines.act(support, privacy!.id, 'waive', { reason: 'Goodwill' }).expect(200);
    expect(bySupport.body.record.baseError.type).toBe('ForbiddenError');
    expect((await fines.act(admin, privacy!.id, 'waive', { reason: '' }).expect(200)).body.notice.type).toBe('error');
    expect((await privacy!.reload()).status).toBe('issued');

    expect((await fines.act(admin, privacy!.id, 'waive', { reason: 'First offence' }).expect(200)).body.notice.type).toBe('success');
    expect((await fines.act(admin, plagiarism!.id, 'void', { reason: 'Issued on the wrong order' }).expect(200)).body.notice.type).toBe(
      'success',
    );
    expect(await privacy!.reload()).toMatchObject({ status: 'waived', refundedCents: 5_000 });
    expect(await plagiarism!.reload()).toMatchObject({ status: 'voided', refundedCents: 10_000 });
    expect(await payable()).toBe(before + 15_000);
    // A waived fine is final: it cannot be voided, and no second refund posts.
    expect((await fines.act(admin, privacy!.id, 'void', { reason: 'Again' }).expect(200)).body.notice.type).toBe('error');
    expect(await LedgerTransaction.count({ where: { idempotencyKey: `fine:${privacy!.id}:refund` } })).toBe(1);
    expect(await AuditLog.findOne({ where: { action: 'fine.waive', targetId: String(privacy!.id) } })).toMatchObject({
      actorRole: 'admin',
      changes: { reason: 'First offence', before: { status: 'issued' }, after: { status: 'waived', refundedCents: 5_000 } },
    });

    const listedB = await adminGet(adminB, 'fines/actions/list?perPage=500', 'b.localhost').expect(200);
    expect(listedIds(listedB.body)).not.toContain(privacy!.id);
    await adminGet(adminB, `fines/records/${privacy!.id}/show`, 'b.localhost').expect(404);
    const bWaive = await fines.act(adminB, plagiarism!.id, 'waive', { reason: 'x' }, 'b.localhost');
    expect(bWaive.status).toBe(404);
    const listedSuper = await adminGet(superadmin, `fines/actions/list?filters.orderId=${order.id}`).expect(200);
    expect(listedIds(listedSuper.body).sort()).toEqual([privacy!.id, plagiarism!.id].sort());
  });
});

describe('fine types', () => {
  it('every website has RULES.md’s types, a new one too; admins edit a rule and the next fine follows it; support may not', async () => {
    const types = await adminGet(support, 'fine_types/actions/list?perPage=100').expect(200);
    expect(types.body.records).toHaveLength(10);
    const quality = (await FineType.findOne({ where: { websiteId: writer.websiteId!, code: 'quality' } }))!;
    expect(quality).toMatchObject({ percentBp: 1_000, minCents: 500, maxCents: 5_000, amountCents: null });

    const bySupport = await adminPost(support, `fine_types/records/${quality.id}/edit`, { minCents: '0' }).expect(200);
    expect(bySupport.body.record.baseError.type).toBe('ForbiddenError');
    const both = await adminPost(admin, `fine_types/records/${quality.id}/edit`, { amountCents: '100' }).expect(200);
    expect(both.body.notice.type).toBe('error');
    await adminPost(admin, `fine_types/records/${quality.id}/edit`, { minCents: '0', percentBp: '2000' }).expect(200);
    expect(await quality.reload()).toMatchObject({ percentBp: 2_000, minCents: 0 });
    try {
      const order = await assignedOrder();
      const shown = await orders.get(admin, order.id, 'issueFine').expect(200);
      expect(shown.body.preview.fines.types.find((x: { code: string }) => x.code === 'quality').amountCents).toBe(200);
    } finally {
      await quality.update({ percentBp: 1_000, minCents: 500 });
    }

    const superUser = (await User.findOne({ where: { email: 'superadmin@scriptorium.test' } }))!;
    const website = await createWebsite(
      { userId: superUser.id, role: 'superadmin', websiteId: null },
      {
        name: 'Fourth Brand',
        slug: 'fourth-brand',
        domains: ['d.localhost'],
        currency: 'USD',
        timezone: 'UTC',
        settings: {},
        active: true,
      },
    );
    expect(await FineType.count({ where: { websiteId: website.id } })).toBe(10);
  });
});
