import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { OrderFile } from '../../src/orders/files/models.js';
import { Order } from '../../src/orders/models.js';
import { requestRevision } from '../../src/orders/revisions/service.js';
import { deliverOrder } from '../../src/orders/service/deliver.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { clock } from '../../src/platform/clock.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { PNG, pdf } from './files-fixtures.js';
import { api, castOf, download, placeOrder, upload, type Cast, type Person } from './files-setup.js';

let t: TestApp;
let cast: Cast;

beforeAll(async () => {
  t = await startTestApp();
  cast = await castOf(t);
});
afterAll(() => t?.close());
afterEach(() => clock.reset());
afterEach(() => expectLedgerBalanced());

const urlOf = async (who: Person, orderId: number, fileId: number) =>
  (await api(t, who, 'post', `/orders/${orderId}/files/${fileId}/url`).expect(200)).body as { url: string; expiresAt: string };
const namesSeenBy = async (who: Person, orderId: number) =>
  ((await api(t, who, 'get', `/orders/${orderId}/files`).expect(200)).body.items as Array<{ name: string }>).map((f) => f.name).sort();

describe('downloading through signed URLs', () => {
  let order: Order;
  let fileId: number;
  const bytes = pdf('exact bytes');
  beforeAll(async () => {
    order = await placeOrder(cast, { writer: cast.writer });
    fileId = (await upload(t, cast.client, order.id, 'instructions', 'Brief – v2.pdf', bytes).expect(201)).body.id;
  });

  it('returns the exact bytes as an attachment with the sniffed type and nosniff', async () => {
    const { url, expiresAt } = await urlOf(cast.client, order.id, fileId);
    expect(url).toMatch(/^\/api\/v1\/files\/download\?/);
    expect(new Date(expiresAt).getTime() - Date.now()).toBeGreaterThan(250_000);
    const res = await download(t, url).expect(200);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Brief _ v2.pdf"; filename*=UTF-8''Brief%20%E2%80%93%20v2.pdf`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('private, no-store');
    // GET works as well as POST, for the writer and staff too.
    const viaGet = await api(t, cast.writer, 'get', `/orders/${order.id}/files/${fileId}/url`).expect(200);
    await download(t, viaGet.body.url).expect(200);
    await download(t, (await urlOf(cast.support, order.id, fileId)).url).expect(200);
  });

  it('refuses an expired URL with 403', async () => {
    const { url } = await urlOf(cast.client, order.id, fileId);
    clock.travel(301_000);
    const res = await download(t, url).expect(403);
    expect(JSON.parse(res.body.toString()).error.message).toContain('expired');
  });

  it('refuses a tampered URL with 403, and one used on another website', async () => {
    const { url } = await urlOf(cast.client, order.id, fileId);
    const tamper = (name: string, value: string) => {
      const u = new URL(url, 'http://x');
      u.searchParams.set(name, value);
      return `${u.pathname}${u.search}`;
    };
    await download(t, tamper('n', 'Brief.html')).expect(403);
    await download(t, tamper('t', 'text/html')).expect(403);
    await download(t, tamper('e', String(Math.floor(Date.now() / 1000) + 86_400))).expect(403);
    await download(t, tamper('k', `websites/${order.websiteId}/orders/${order.id}/00000000-0000-0000-0000-000000000000`)).expect(403);
    await download(t, tamper('s', 'AAAA')).expect(403);
    await download(t, url.replace(/&s=[^&]+/, '')).expect(403);
    await download(t, url, 'b.localhost').expect(403);
  });
});

describe('who sees which file', () => {
  it('answers 404 to another client, another writer, an editor without a task and another website’s staff', async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    const fileId = (await upload(t, cast.client, order.id, 'instructions', 'private.pdf', pdf('private')).expect(201)).body.id;
    for (const who of [cast.otherClient, cast.otherWriter, cast.editor, cast.adminB]) {
      await api(t, who, 'get', `/orders/${order.id}/files`).expect(404);
      await api(t, who, 'post', `/orders/${order.id}/files/${fileId}/url`).expect(404);
      await api(t, who, 'delete', `/orders/${order.id}/files/${fileId}`).expect(404);
      await upload(t, who, order.id, 'instructions', 'x.pdf', pdf()).expect(404);
    }
    // A file id of another order is not found through this one.
    const other = await placeOrder(cast, { writer: cast.writer });
    await api(t, cast.client, 'post', `/orders/${other.id}/files/${fileId}/url`).expect(404);
  });

  it('shows each party its categories: drafts never to the client, admin files only to staff', async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    await upload(t, cast.client, order.id, 'instructions', 'brief.pdf', pdf('brief')).expect(201);
    const draft = (await upload(t, cast.writer, order.id, 'draft', 'draft.pdf', pdf('draft')).expect(201)).body.id;
    const internal = (await upload(t, cast.admin, order.id, 'admin', 'internal.png', PNG).expect(201)).body.id;
    expect(await namesSeenBy(cast.client, order.id)).toEqual(['brief.pdf']);
    expect(await namesSeenBy(cast.writer, order.id)).toEqual(['brief.pdf', 'draft.pdf']);
    expect(await namesSeenBy(cast.support, order.id)).toEqual(['brief.pdf', 'draft.pdf', 'internal.png']);
    await api(t, cast.client, 'post', `/orders/${order.id}/files/${draft}/url`).expect(404);
    await api(t, cast.writer, 'post', `/orders/${order.id}/files/${internal}/url`).expect(404);
  });

  it('keeps final work from the client until it is delivered and the order is paid in full', async () => {
    const order = await placeOrder(cast, { paid: 'part', writer: cast.writer });
    const final = (await upload(t, cast.writer, order.id, 'final', 'final.pdf', pdf('final')).expect(201)).body.id;
    const revised = (await upload(t, cast.writer, order.id, 'revision', 'revised.pdf', pdf('revised')).expect(201)).body.id;
    expect(await namesSeenBy(cast.client, order.id)).toEqual([]);
    await api(t, cast.client, 'post', `/orders/${order.id}/files/${final}/url`).expect(404);
    await api(t, cast.client, 'post', `/orders/${order.id}/files/${revised}/url`).expect(404);
    // Delivered, the work is the client's once the order is paid in full.
    await deliverOrder(cast.writer.actor, order.id, null);
    expect(await namesSeenBy(cast.client, order.id)).toEqual([]);

    // The rest of the money arrives (back to awaiting payment only so the payment hook accepts it).
    await Order.update({ status: 'pending_payment' }, { where: { id: order.id } });
    const current = (await Order.findByPk(order.id))!;
    await fundWallet(current.websiteId, current.clientId!, current.totalCents! - current.paidCents, current.currency);
    await payOrderFromWallet(cast.client.actor, order.id);
    expect(await namesSeenBy(cast.client, order.id)).toEqual(['final.pdf', 'revised.pdf']);
    const res = await download(t, (await urlOf(cast.client, order.id, final)).url).expect(200);
    expect((res.body as Buffer).toString()).toContain('final');

    // A revision round (the order back to delivered, where the payment's status detour took it from):
    // the writer's new file stays theirs until it is delivered again.
    await Order.update({ status: 'submitted' }, { where: { id: order.id } });
    await requestRevision(cast.client.actor, order.id, {
      instructions: 'Please tighten the conclusion.',
      instructionsChanged: false,
      deadline: new Date(clock.now().getTime() + 3 * 86_400_000),
    });
    clock.travel(60_000);
    const second = (await upload(t, cast.writer, order.id, 'final', 'final-2.pdf', pdf('final 2')).expect(201)).body.id;
    expect(await namesSeenBy(cast.client, order.id)).toEqual(['final.pdf', 'revised.pdf']);
    await api(t, cast.client, 'post', `/orders/${order.id}/files/${second}/url`).expect(404);
    await deliverOrder(cast.writer.actor, order.id, 'Conclusion tightened');
    expect(await namesSeenBy(cast.client, order.id)).toEqual(['final-2.pdf', 'final.pdf', 'revised.pdf']);
  });
});

describe('deleting files', () => {
  it('lets the uploader delete their file while they could still add it, audited and on the timeline', async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    const fileId = (await upload(t, cast.client, order.id, 'instructions', 'old.pdf', pdf('old')).expect(201)).body.id;
    const { url } = await urlOf(cast.client, order.id, fileId);
    const { url: writerUrl } = await urlOf(cast.writer, order.id, fileId);
    await download(t, url).expect(200);
    await api(t, cast.writer, 'delete', `/orders/${order.id}/files/${fileId}`).expect(403);
    await api(t, cast.client, 'delete', `/orders/${order.id}/files/${fileId}`).expect(204);
    expect(await namesSeenBy(cast.client, order.id)).toEqual([]);
    await api(t, cast.client, 'post', `/orders/${order.id}/files/${fileId}/url`).expect(404);
    await api(t, cast.client, 'delete', `/orders/${order.id}/files/${fileId}`).expect(404);
    const row = (await OrderFile.findByPk(fileId))!;
    expect(row).toMatchObject({ deletedBy: cast.client.actor.userId });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(await AuditLog.count({ where: { action: 'order_file.delete', targetId: String(fileId) } })).toBe(1);
    // The object stays for the audit trail, but a URL minted before the deletion is dead at once.
    const gone = await download(t, url).expect(404);
    expect(JSON.parse((gone.body as Buffer).toString())).toEqual({ error: { code: 'not_found', message: 'File not found' } });
    // The writer's link, minted before, as well.
    await download(t, writerUrl).expect(404);
  });

  it("keeps a writer's final file once delivered; staff may still delete it", async () => {
    const order = await placeOrder(cast, { writer: cast.writer });
    const fileId = (await upload(t, cast.writer, order.id, 'final', 'final.pdf', pdf('f')).expect(201)).body.id;
    await Order.update({ status: 'submitted' }, { where: { id: order.id } });
    const res = await api(t, cast.writer, 'delete', `/orders/${order.id}/files/${fileId}`).expect(409);
    expect(res.body.error.currentStatus).toBe('submitted');
    await api(t, cast.admin, 'delete', `/orders/${order.id}/files/${fileId}`).expect(204);
  });
});

describe('API document', () => {
  it('lists the file endpoints', async () => {
    const { body } = await request(t.app).get('/api/openapi.json').expect(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders/{id}/files',
        '/api/v1/orders/{id}/files/{fileId}/url',
        '/api/v1/orders/{id}/files/{fileId}',
        '/api/v1/files/download',
      ]),
    );
    expect(body.paths['/api/v1/orders/{id}/files'].post.requestBody.content).toHaveProperty('multipart/form-data');
  });
});
