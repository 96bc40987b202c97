import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/platform/actor.js';
import { inTransaction } from '../../src/platform/database.js';
import { OrderEvent } from '../../src/orders/models.js';
import { deliverOrder } from '../../src/orders/service/deliver.js';
import { getClientOrder } from '../../src/orders/service/queries.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { requestOrder } from '../../src/orders/service/writer-actions.js';
import { login } from '../identity/helpers.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { actorFor, newWriter, paidOrder } from './fixtures.js';

let t: TestApp;
let client: Actor;
let admin: Actor;
let writer: Actor;
let writerToken: string;
// A minimal valid PDF: the upload sniffs content, so the bytes must really be one.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

beforeAll(async () => {
  t = await startTestApp();
  client = await actorFor('client@scriptorium.test');
  admin = await actorFor('admin@scriptorium.test');
  writer = await actorFor('writer@scriptorium.test');
  writerToken = (await login(t.app, 'writer@scriptorium.test')).accessToken;
});
// The paid-order fixture moves money: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(() => t?.close());

const uploadFinal = (orderId: number) =>
  request(t.app)
    .post(`/api/v1/orders/${orderId}/files`)
    .set({ Host: 'localhost', Authorization: `Bearer ${writerToken}` })
    .field('category', 'final')
    .attach('file', PDF, { filename: 'essay.pdf', contentType: 'application/pdf' });

describe('delivering work', () => {
  it('needs a final file, then hands the order to the client', async () => {
    const order = await paidOrder(client);
    await assignWriter(admin, order.id, { writerId: writer.userId!, autoAccept: true });
    const auth = { Host: 'localhost', Authorization: `Bearer ${writerToken}` };
    const refused = await request(t.app).post(`/api/v1/writer/orders/${order.id}/submit`).set(auth).send({}).expect(400);
    expect(refused.body.error.fields).toEqual({ files: 'upload the final file(s) first' });

    await uploadFinal(order.id).expect(201);
    const delivered = await request(t.app)
      .post(`/api/v1/writer/orders/${order.id}/submit`)
      .set(auth)
      .send({ note: 'Here it is' })
      .expect(200);
    expect(delivered.body.status).toBe('submitted');
    expect(delivered.body.deliveredAt).toEqual(expect.any(String));
    await request(t.app).post(`/api/v1/writer/orders/${order.id}/submit`).set(auth).send({}).expect(409);
  });

  it('sends the work to editing when the order requires it', async () => {
    const order = await paidOrder(client);
    await inTransaction(() => order.update({ requiresEditing: true }));
    await assignWriter(admin, order.id, { writerId: writer.userId!, autoAccept: true });
    await uploadFinal(order.id).expect(201);
    expect(await deliverOrder(writer, order.id, null)).toMatchObject({ status: 'under_editing' });
  });

  it("refuses another writer's order as not found", async () => {
    const order = await paidOrder(client);
    await assignWriter(admin, order.id, { writerId: writer.userId!, autoAccept: true });
    const other = await newWriter(client.websiteId!);
    await expect(deliverOrder(other, order.id, null)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('what the client reads on the timeline', () => {
  it('shows status changes but not staff-side events', async () => {
    const order = await paidOrder(client);
    const stranger = await newWriter(client.websiteId!);
    await requestOrder(stranger, order.id, 'pick me');
    const staffEvents = (await OrderEvent.findAll({ where: { orderId: order.id } })).map((e) => e.action);
    expect(staffEvents).toContain('writer_requested');
    const seen = (await getClientOrder(client, order.id)).timeline.map((e) => e.action);
    expect(seen).toEqual(['created', 'submit', 'payment_recorded', 'mark_paid']);
  });
});
