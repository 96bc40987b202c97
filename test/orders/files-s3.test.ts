import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OrderFile } from '../../src/orders/files/models.js';
import { storage } from '../../src/platform/storage/index.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { startFakeS3, type FakeS3 } from '../platform/storage-s3rver.js';
import { docx } from './files-fixtures.js';
import { api, castOf, placeOrder, storedObjects, upload, type Cast } from './files-setup.js';

let s3: FakeS3;
let t: TestApp;
let cast: Cast;

beforeAll(async () => {
  s3 = await startFakeS3();
  t = await startTestApp({ env: s3.env });
  cast = await castOf(t);
});
// placeOrder pays from the wallet: the ledger must still balance after each test.
afterEach(() => expectLedgerBalanced());
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

describe('order files on S3-compatible storage', () => {
  it('stores an upload in the bucket and downloads it through a presigned URL', async () => {
    expect(storage().kind).toBe('s3');
    const order = await placeOrder(cast, { writer: cast.writer });
    const bytes = docx();
    const created = await upload(t, cast.writer, order.id, 'draft', 'chapter one.docx', bytes).expect(201);
    expect(created.body).toMatchObject({ type: 'docx', sizeBytes: bytes.length });
    const row = (await OrderFile.findByPk(created.body.id))!;
    expect(await storage().exists(row.storageKey)).toBe(true);
    expect(storedObjects(t)).toEqual([]); // nothing on local disk

    const { body } = await api(t, cast.writer, 'post', `/orders/${order.id}/files/${row.id}/url`).expect(200);
    expect(body.url.startsWith(`${s3.endpoint}/${s3.bucket}/`)).toBe(true);
    const res = await fetch(body.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    // Another writer still gets 404 before any URL is minted.
    await api(t, cast.otherWriter, 'post', `/orders/${order.id}/files/${row.id}/url`).expect(404);
  });
});
