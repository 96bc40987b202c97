import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { approveOrder } from '../../src/orders/service/client-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { WriterEarning } from '../../src/writers/models.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { adminGet, adminPost, listedIds, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';

/** Writers' earnings in the back office, through the AdminJS HTTP API as the browser calls it. */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Actor;
let adminActor: Actor;
beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = await actorFor('client@scriptorium.test');
  adminActor = await actorFor('admin@scriptorium.test');
});
afterAll(() => t?.close());

describe('Writer earnings resource', () => {
  it("lists an approved order's earning to its website's staff by writer and status, never to website B, and changes nothing", async () => {
    const writer = await newWriter(client.websiteId!);
    const order = await paidOrder(client, { pages: 4 });
    await assignWriter(adminActor, order.id, { writerId: writer.userId, autoAccept: true });
    await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;

    const listed = await adminGet(support, `writer_earnings/actions/list?filters.writerId=${writer.userId}&filters.status=pending`).expect(
      200,
    );
    expect(listedIds(listed.body)).toEqual([earning.id]);
    expect(listed.body.records[0].params).toMatchObject({ amountCents: 800, orderId: order.id });
    const shown = await adminGet(admin, `writer_earnings/records/${earning.id}/show`).expect(200);
    expect(shown.body.record.params).toMatchObject({ status: 'pending', 'breakdown.rateCard.level': 'Entry' });

    // The order shows the rate card frozen at its assignment.
    const orderShown = await adminGet(support, `orders/records/${order.id}/show`).expect(200);
    expect(orderShown.body.record.params).toMatchObject({ 'writerRateCard.level': 'Entry', 'writerRateCard.pageCents': 200 });

    const listedToB = await adminGet(adminB, 'writer_earnings/actions/list', 'b.localhost').expect(200);
    expect(listedIds(listedToB.body)).not.toContain(earning.id);
    const shownToB = await adminGet(adminB, `writer_earnings/records/${earning.id}/show`, 'b.localhost').expect(404);
    expect(shownToB.body.error.code).toBe('not_found');

    const edit = await adminPost(admin, `writer_earnings/records/${earning.id}/edit`, { amountCents: '999999' }).expect(200);
    expect(edit.body.record.baseError.type).toBe('ForbiddenError');
    expect((await earning.reload()).amountCents).toBe(800);
    await expectLedgerBalanced();
  });
});
