import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createStorage, newObjectKey, S3Storage } from '../../src/platform/storage/index.js';
import { startFakeS3, type FakeS3 } from './storage-s3rver.js';

let s3: FakeS3;
let store: S3Storage;

beforeAll(async () => {
  s3 = await startFakeS3();
  const chosen = createStorage(loadConfig({ ...s3.env, NODE_ENV: 'test' }));
  expect(chosen).toBeInstanceOf(S3Storage);
  store = chosen as S3Storage;
});
afterAll(async () => {
  store?.close();
  await s3?.close();
});

describe('S3-compatible storage (s3rver in-process)', () => {
  it('puts, reads, presigns and removes objects', async () => {
    const key = newObjectKey(['websites', 1, 'orders', 9]);
    const bytes = Buffer.from('%PDF-1.4 s3 bytes');
    await store.put(key, bytes, 'application/pdf');
    expect(await store.exists(key)).toBe(true);
    expect(await text(await store.open(key))).toBe(bytes.toString());

    const { url, expiresAt } = await store.signedDownloadUrl(key, {
      fileName: 'Résumé.pdf',
      contentType: 'application/pdf',
      websiteId: 1,
      ttlSeconds: 120,
    });
    expect(url.startsWith(`${s3.endpoint}/${s3.bucket}/${key}?`)).toBe(true); // path-style
    const params = new URL(url).searchParams;
    expect(params.get('X-Amz-Expires')).toBe('120');
    expect(params.get('response-content-disposition')).toContain('attachment');
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(120_000);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    await store.remove(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.open(key)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('chooses local disk when no bucket is configured', () => {
    expect(createStorage(loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/x' })).kind).toBe('local');
  });
});
