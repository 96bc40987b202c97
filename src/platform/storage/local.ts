import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { clock } from '../clock.js';
import { NotFound } from '../errors.js';
import { signDownload, verifyDownload, type DownloadGrant } from './signed-url.js';
import type { DownloadOptions, ObjectStorage, SignedUrl } from './types.js';

/** Keys are our own paths (websites/1/orders/2/<uuid>): anything else is a programming error. */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9/_.-]{0,299}$/.test(key) || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException)?.code === 'ENOENT';

/** Files on local disk under `root` (DATA_DIR/uploads), served through HMAC-signed URLs. */
export class LocalStorage implements ObjectStorage {
  readonly kind = 'local' as const;

  constructor(
    readonly root: string,
    private readonly signingKey: Buffer,
    private readonly defaultTtlSeconds: number,
  ) {}

  private pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written aside then renamed: a reader never sees half a file, a crash leaves only a temp file.
    const temp = `${target}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await writeFile(temp, bytes, { flag: 'wx' });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  }

  async open(key: string): Promise<Readable> {
    return (await this.openWithSize(key)).stream;
  }

  async openWithSize(key: string): Promise<{ stream: Readable; size: number }> {
    const file = this.pathOf(key);
    try {
      const { size } = await stat(file);
      return { stream: createReadStream(file), size };
    } catch (err) {
      if (isMissing(err)) throw NotFound('File');
      throw err;
    }
  }

  /** Checks a signed download query (403 when incomplete, altered, expired or on another website). */
  verifyDownload(query: Record<string, unknown>, now: Date, websiteId: number): DownloadGrant {
    return verifyDownload(this.signingKey, query, now, websiteId);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async signedDownloadUrl(key: string, options: DownloadOptions): Promise<SignedUrl> {
    assertSafeKey(key);
    const ttl = options.ttlSeconds ?? this.defaultTtlSeconds;
    const expires = Math.floor(clock.now().getTime() / 1000) + ttl;
    const url = signDownload(this.signingKey, {
      key,
      fileName: options.fileName,
      contentType: options.contentType,
      websiteId: options.websiteId,
      expires,
    });
    return { url, expiresAt: new Date(expires * 1000) };
  }
}
