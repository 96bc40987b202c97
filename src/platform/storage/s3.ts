import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import type { Config } from '../../../config/index.js';
import { clock } from '../clock.js';
import { NotFound } from '../errors.js';
import { attachmentDisposition } from './disposition.js';
import { assertSafeKey } from './local.js';
import type { DownloadOptions, ObjectStorage, SignedUrl } from './types.js';

const isMissing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/** An S3-compatible bucket (AWS SDK v3); downloads through presigned GET URLs. */
export class S3Storage implements ObjectStorage {
  readonly kind = 's3' as const;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    private readonly defaultTtlSeconds: number,
  ) {}

  static fromConfig(config: Config): S3Storage {
    const credentials =
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined; // else the SDK's default chain (environment, instance role…)
    const client = new S3Client({
      region: config.S3_REGION,
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      ...(credentials ? { credentials } : {}),
    });
    return new S3Storage(client, config.S3_BUCKET!, config.FILE_URL_TTL_SECONDS);
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }),
    );
  }

  async open(key: string): Promise<Readable> {
    assertSafeKey(key);
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body as Readable;
    } catch (err) {
      if (isMissing(err)) throw NotFound('File');
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    assertSafeKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertSafeKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async signedDownloadUrl(key: string, options: DownloadOptions): Promise<SignedUrl> {
    assertSafeKey(key);
    const ttl = options.ttlSeconds ?? this.defaultTtlSeconds;
    const now = clock.now();
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(options.fileName),
      ResponseContentType: options.contentType,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: ttl, signingDate: now });
    return { url, expiresAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + ttl * 1000) };
  }

  close(): void {
    this.client.destroy();
  }
}
