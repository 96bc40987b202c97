import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { OrderFile } from '../../src/orders/files/models.js';
import { purgeDeletedFiles } from '../../src/orders/files/purge.js';
import { storage } from '../../src/platform/storage/index.js';
import { startFakeS3, type FakeS3 } from '../platform/storage-s3rver.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { fileDeletedAgo } from './files-purge-setup.js';
import { castOf, placeOrder, storedObjects, type Cast } from './files-setup.js';

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

describe('purging deleted files on S3-compatible storage', () => {
  it('deletes expired objects from the bucket (one already gone counts as purged) and keeps the rest', async () => {
    expect(storage().kind).toBe('s3');
    const order = await placeOrder(cast);
    const expired = await fileDeletedAgo(t, cast.admin, order, 31);
    const gone = await fileDeletedAgo(t, cast.admin, order, 45);
    const recent = await fileDeletedAgo(t, cast.admin, order, 3);
    const live = await fileDeletedAgo(t, cast.admin, order, null);
    await storage().remove(gone.storageKey);
    expect(await storage().exists(expired.storageKey)).toBe(true);

    expect(await purgeDeletedFiles()).toEqual({ picked: 2, purged: 2, failed: 0 });

    expect(await storage().exists(expired.storageKey)).toBe(false);
    for (const file of [expired, gone]) {
      expect((await OrderFile.findByPk(file.id))!.purgedAt).toBeInstanceOf(Date);
      expect(await AuditLog.count({ where: { action: 'order_file.purge', targetId: String(file.id) } })).toBe(1);
    }
    for (const file of [recent, live]) {
      expect(await storage().exists(file.storageKey)).toBe(true);
      expect((await OrderFile.findByPk(file.id))!.purgedAt).toBeNull();
    }
    expect(storedObjects(t)).toEqual([]); // nothing ever went to local disk
  });
});
