import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * HMAC-signed download URLs of the local store. The key is derived from JWT_SECRET for this one
 * purpose, so a download signature can never stand in for a token signature or the reverse.
 */
export const DOWNLOAD_PATH = '/api/v1/files/download';
const PURPOSE = 'scriptorium/file-download/v1';

export interface DownloadGrant {
  key: string;
  fileName: string;
  contentType: string;
  websiteId: number;
  /** Unix time in seconds after which the URL is refused. */
  expires: number;
}

export function downloadSigningKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).digest();
}

function signatureOf(signingKey: Buffer, grant: DownloadGrant): Buffer {
  const canonical = JSON.stringify([grant.key, grant.fileName, grant.contentType, grant.websiteId, grant.expires]);
  return createHmac('sha256', signingKey).update(canonical).digest();
}

/** The path and query of a signed download URL for `grant`. */
export function signDownload(signingKey: Buffer, grant: DownloadGrant): string {
  const query = new URLSearchParams({
    k: grant.key,
    n: grant.fileName,
    t: grant.contentType,
    w: String(grant.websiteId),
    e: String(grant.expires),
    s: signatureOf(signingKey, grant).toString('base64url'),
  });
  return `${DOWNLOAD_PATH}?${query.toString()}`;
}

const refused = (message: string) => new AppError('forbidden', message);

/**
 * Checks a signed download query: every parameter present, the signature matching them all (any
 * change is refused), not expired at `now`, and used on the website it was minted for.
 */
export function verifyDownload(signingKey: Buffer, query: Record<string, unknown>, now: Date, websiteId: number): DownloadGrant {
  const value = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  const [key, fileName, contentType, website, expires, signature] = ['k', 'n', 't', 'w', 'e', 's'].map(value);
  if (
    !key ||
    !fileName ||
    !contentType ||
    !website ||
    !expires ||
    !signature ||
    !/^\d{1,15}$/.test(website) ||
    !/^\d{1,12}$/.test(expires)
  ) {
    throw refused('This download link is incomplete');
  }
  const grant: DownloadGrant = { key, fileName, contentType, websiteId: Number(website), expires: Number(expires) };
  const expected = signatureOf(signingKey, grant);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused('This download link is not valid');
  if (grant.websiteId !== websiteId) throw refused('This download link is not valid here');
  if (now.getTime() >= grant.expires * 1000) throw refused('This download link has expired; ask for a new one');
  return grant;
}
