import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { clock } from '../../src/platform/clock.js';
import { Order, OrderEvent } from '../../src/orders/models.js';
import { recordOrderPayment } from '../../src/orders/service/payment-hook.js';
import { createDraftOrder, submitOrder, updateDraftOrder } from '../../src/orders/service/wizard.js';
import { Website } from '../../src/tenancy/models.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
let client: Actor;
let otherClient: Actor;
let admin: Actor;
let adminB: Actor;
const inDays = (days: number) => new Date(clock.now().getTime() + days * 86_400_000);

async function actorFor(email: string): Promise<Actor> {
  const user = (await User.findOne({ where: { email } }))!;
  return { userId: user.id, role: user.role, websiteId: user.websiteId };
}

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  adminB = await actorFor('admin@b.scriptorium.test');
  const a = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!;
  const other = await User.create({
    websiteId: a.id,
    role: 'client',
    registrationId: 'CL-900001',
    email: 'other@scriptorium.test',
    passwordHash: 'x',
    displayName: 'Other',
  });
  otherClient = { userId: other.id, role: 'client', websiteId: a.id };
});
afterAll(() => t?.close());

const complete = () => ({
  topic: 'The causes of the First World War',
  instructions: 'Use at least five sources.',
  paperType: 'essay',
  academicLevel: 'undergraduate',
  subject: 'history',
  pages: 3,
  deadline: inDays(10),
});

describe('order wizard', () => {
  it('numbers drafts sequentially per website', async () => {
    const first = await createDraftOrder(client, { topic: 'One' });
    const second = await createDraftOrder(client, {});
    const onB = await createDraftOrder(adminB, {});
    expect(Number(second.number)).toBe(Number(first.number) + 1);
    expect(onB.number).toBe('100001');
    expect(first).toMatchObject({ status: 'draft', clientId: client.userId, currency: 'USD' });
  });

  it('refuses to submit an incomplete draft, naming what is missing', async () => {
    const draft = await createDraftOrder(client, { topic: 'Half done', pages: 2 });
    await expect(submitOrder(client, draft.id)).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { paperType: 'is required', academicLevel: 'is required', subject: 'is required', deadline: 'is required' },
    });
    expect((await draft.reload()).status).toBe('draft');
  });

  it('prices, freezes the breakdown and moves a complete draft to pending_payment', async () => {
    const draft = await createDraftOrder(client, { topic: 'Draft' });
    await updateDraftOrder(client, draft.id, complete());
    const placed = await submitOrder(client, draft.id);
    // 3 × 13.99 = 41.97 × 1.2 (undergraduate) = 50.36 × 1.05 (humanities) = 52.88 × 1.0 (10 days),
    // less the client's first-order discount of 15 % (7.93): 44.95
    expect(placed).toMatchObject({ status: 'pending_payment', totalCents: 4495, paidCents: 0 });
    expect(placed.priceBreakdown).toMatchObject({
      totalCents: 5288,
      discounts: { sources: [{ source: 'first_order', amountCents: 793 }], totalAfterDiscountsCents: 4495 },
    });
    expect(placed.priceBreakdown?.lines.map((l) => l.code)).toContain('academic_level');
    expect(placed.priceListId).toBeGreaterThan(0);
    // Writer deadline: 80 % of the way to the client deadline.
    const share =
      (placed.writerDeadline!.getTime() - placed.placedAt!.getTime()) / (placed.deadline!.getTime() - placed.placedAt!.getTime());
    expect(share).toBeCloseTo(0.8, 5);
    const events = await OrderEvent.findAll({ where: { orderId: draft.id }, order: [['id', 'ASC']] });
    expect(events.map((e) => e.action)).toEqual(['created', 'submit']);
    expect(await AuditLog.count({ where: { targetType: 'order', targetId: String(draft.id) } })).toBe(3);
  });

  it('refuses codes the price list does not offer and writes nothing', async () => {
    const draft = await createDraftOrder(client, { ...complete(), subject: 'astrology' });
    await expect(submitOrder(client, draft.id)).rejects.toMatchObject({ code: 'validation_failed', fields: { subject: 'is not offered' } });
    expect((await draft.reload()).status).toBe('draft');
    expect(await OrderEvent.count({ where: { orderId: draft.id } })).toBe(1);
  });

  it('no longer lets a placed order be edited as a draft (409 with the status)', async () => {
    const draft = await createDraftOrder(client, complete());
    await submitOrder(client, draft.id);
    await expect(updateDraftOrder(client, draft.id, { pages: 10 })).rejects.toMatchObject({
      code: 'conflict',
      details: { currentStatus: 'pending_payment' },
    });
  });

  it("hides a client's order from another client and from another website's admin", async () => {
    const draft = await createDraftOrder(client, complete());
    await expect(updateDraftOrder(otherClient, draft.id, { pages: 1 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(submitOrder(adminB, draft.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets an admin create an unattributed order', async () => {
    const order = await createDraftOrder(admin, complete());
    expect(order.clientId).toBeNull();
    await expect(createDraftOrder(admin, { clientId: adminB.userId! })).rejects.toMatchObject({
      fields: { clientId: 'is not a client of this website' },
    });
  });
});

describe('payment hook', () => {
  it('publishes the order for staffing once paid in full', async () => {
    const order = await submitOrder(client, (await createDraftOrder(client, complete())).id);
    const partial = await recordOrderPayment(admin, order.id, { amountCents: 1000, method: 'manual', reference: 'bank-1' });
    expect(partial).toMatchObject({ status: 'pending_payment', paidCents: 1000 });
    await expect(recordOrderPayment(admin, order.id, { amountCents: order.totalCents!, method: 'manual' })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { amountCents: `must be at most the outstanding ${order.totalCents! - 1000} cents` },
    });
    const paid = await recordOrderPayment(admin, order.id, { amountCents: order.totalCents! - 1000, method: 'manual' });
    expect(paid).toMatchObject({ status: 'ready_for_staffing', paidCents: order.totalCents });
    expect(paid.publishedAt).toBeInstanceOf(Date);
    await expect(recordOrderPayment(admin, order.id, { amountCents: 1, method: 'manual' })).rejects.toMatchObject({
      code: 'conflict',
      details: { currentStatus: 'ready_for_staffing' },
    });
  });

  it('refuses zero, negative and fractional amounts', async () => {
    const order = await submitOrder(client, (await createDraftOrder(client, complete())).id);
    for (const amountCents of [0, -5, 1.5]) {
      await expect(recordOrderPayment(admin, order.id, { amountCents, method: 'manual' })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    }
    expect((await Order.findByPk(order.id))!.paidCents).toBe(0);
  });
});
