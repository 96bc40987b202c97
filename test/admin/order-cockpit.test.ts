import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uploadOrderFile } from '../../src/orders/files/service.js';
import type { Actor } from '../../src/platform/actor.js';
import { type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { recordActions, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import { pdf } from '../orders/files-fixtures.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { orderGet } from './orders-helpers.js';

/** The cockpit's read actions over the back office's HTTP API: who gets what. */

let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let client: Actor;
const users = recordActions('users');

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  client = await actorFor('client@scriptorium.test');
});
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

describe('the cockpit and audit actions', () => {
  it("give staff of the order's website the cockpit (admins with its audit), a fresh file link, and nothing to another website", async () => {
    const order = await paidOrder(client);
    const bytes = pdf('cockpit-http');
    const file = await uploadOrderFile(client, order.id, { category: 'instructions', fileName: 'brief.pdf', bytes });

    const asAdmin = (await orderGet(admin, order.id, 'cockpit').expect(200)).body.cockpit;
    expect(asAdmin.payments).toHaveLength(1);
    expect(asAdmin.files.map((f: { id: number }) => f.id)).toEqual([file.id]);
    expect(asAdmin.audit.items.length).toBeGreaterThan(0);
    const asSupport = (await orderGet(support, order.id, 'cockpit').expect(200)).body.cockpit;
    expect(asSupport.audit).toBeNull();

    const other = await orderGet(adminB, order.id, 'cockpit', '', 'b.localhost').expect(404);
    expect(other.body.cockpit).toBeUndefined();
    expect((await orderGet(adminB, order.id, 'cockpitFile', `?file=${file.id}`, 'b.localhost').expect(404)).body.download).toBeUndefined();

    const link = (await orderGet(admin, order.id, 'cockpitFile', `?file=${file.id}`).expect(200)).body.download;
    const url = new URL(link.url, 'http://localhost');
    const got = await request(t.app).get(`${url.pathname}${url.search}`).set('Host', 'localhost').buffer(true).expect(200);
    expect(Buffer.compare(Buffer.from(got.body), bytes)).toBe(0);
    // Another order's file through this order: not found.
    const elsewhere = await paidOrder(client);
    expect((await orderGet(admin, elsewhere.id, 'cockpitFile', `?file=${file.id}`).expect(200)).body.notice).toMatchObject({
      type: 'error',
    });
  });

  it("a user's page: admins read the person's audit timeline, support is told it is for admins, another website gets 404", async () => {
    const page = (await users.get(admin, client.userId!, 'audit').expect(200)).body.audit;
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items[0]).toMatchObject({ action: expect.any(String), at: expect.any(String) });
    const refused = await users.get(support, client.userId!, 'audit').expect(200);
    expect(refused.body.audit).toBeUndefined();
    expect(refused.body.notice.message).toMatch(/admins/);
    await users.get(adminB, client.userId!, 'audit', '', 'b.localhost').expect(404);
  });
});
