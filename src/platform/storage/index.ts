import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../../../config/index.js';
import { ctx, type AppContext } from '../context.js';
import { LocalStorage } from './local.js';
import { S3Storage } from './s3.js';
import { downloadSigningKey } from './signed-url.js';
import type { ObjectStorage } from './types.js';

export type { DownloadOptions, ObjectStorage, SignedUrl } from './types.js';
export { LocalStorage } from './local.js';
export { S3Storage } from './s3.js';
export { attachmentDisposition } from './disposition.js';

/** The store the configuration asks for: S3 when S3_BUCKET is set, else DATA_DIR/uploads. */
export function createStorage(config: Config): ObjectStorage {
  if (config.S3_BUCKET) return S3Storage.fromConfig(config);
  return new LocalStorage(path.resolve(config.DATA_DIR, 'uploads'), downloadSigningKey(config.JWT_SECRET), config.FILE_URL_TTL_SECONDS);
}

// One store per application context (several apps share a process in tests).
const stores = new WeakMap<AppContext, ObjectStorage>();

/** The process's object store, built on first use from the current context's configuration. */
export function storage(): ObjectStorage {
  const context = ctx();
  let store = stores.get(context);
  if (!store) stores.set(context, (store = createStorage(context.config)));
  return store;
}

/**
 * A fresh, unguessable key under a path of our own (e.g. ['websites', 1, 'orders', 7]); the
 * client's file name never becomes part of a key.
 */
export function newObjectKey(parts: ReadonlyArray<string | number>): string {
  for (const part of parts) {
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(String(part))) throw new Error(`Bad storage key part: ${String(part)}`);
  }
  return [...parts.map(String), randomUUID()].join('/');
}
