import type { Readable } from 'node:stream';

/** How an object is served when downloaded through a signed URL. */
export interface DownloadOptions {
  /** The name the browser saves it under (Content-Disposition: attachment). */
  fileName: string;
  contentType: string;
  /** Website whose host must serve a local signed URL (a URL minted for A does not work on B). */
  websiteId: number;
  /** Lifetime in seconds; the store's default (FILE_URL_TTL_SECONDS) when absent. */
  ttlSeconds?: number;
}

export interface SignedUrl {
  /** Absolute for S3 (presigned), a path under /api/v1 for local storage. */
  url: string;
  expiresAt: Date;
}

/**
 * Where uploaded bytes live: local disk by default, an S3-compatible bucket when S3_* is set.
 * Keys are opaque paths built by `objectKey()`; they never contain a client-chosen name.
 */
export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  /** Stores the bytes under `key` (replacing nothing: keys are unique). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes of `key` as a stream; rejects with a not_found AppError when absent. */
  open(key: string): Promise<Readable>;
  /** Removes `key`; removing an absent key is not an error. */
  remove(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** A short-lived URL that downloads `key` without any other credential. */
  signedDownloadUrl(key: string, options: DownloadOptions): Promise<SignedUrl>;
}
