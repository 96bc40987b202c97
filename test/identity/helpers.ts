import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';

export const HOST_A = 'localhost';
export const HOST_B = 'b.localhost';
export const DEMO_PASSWORD = 'scriptorium';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
  user: Record<string, unknown> & { id: number; email: string; role: string };
}

/** Signs in through the API and returns the token pair (asserting success). */
export async function login(
  app: Express,
  email: string,
  options: { host?: string; password?: string; userAgent?: string } = {},
): Promise<Tokens> {
  const res = await request(app)
    .post('/api/v1/auth/login')
    .set('Host', options.host ?? HOST_A)
    .set('User-Agent', options.userAgent ?? 'vitest')
    .send({ email, password: options.password ?? DEMO_PASSWORD });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Tokens;
}

export function me(app: Express, accessToken: string, host = HOST_A) {
  return request(app).get('/api/v1/users/me').set('Host', host).set('Authorization', `Bearer ${accessToken}`);
}

export interface Mail {
  file: string;
  /** Headers and decoded bodies (quoted-printable soft breaks and escapes undone). */
  text: string;
}

/** Undoes quoted-printable: soft line breaks and =XX escapes. */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export async function readMails(dataDir: string): Promise<Mail[]> {
  const dir = path.join(dataDir, 'mail');
  const files = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    files.sort().map(async (name) => ({ file: name, text: decodeQuotedPrintable(await readFile(path.join(dir, name), 'utf8')) })),
  );
}

/** Waits for a new mail matching `predicate`: one not among `seen` (files present before the action). */
export async function waitForMail(
  dataDir: string,
  predicate: (mail: Mail) => boolean,
  seen: readonly Mail[] = [],
  timeoutMs = 5_000,
): Promise<Mail> {
  const known = new Set(seen.map((m) => m.file));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await readMails(dataDir)).filter((m) => !known.has(m.file) && predicate(m));
    if (found.length) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error('No matching email was written');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The session id (sid claim) carried by an access token. */
export function sessionIdOf(accessToken: string): number {
  return (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8')) as { sid: number }).sid;
}

/**
 * Suite options for tests that hash or verify passwords many times: argon2id at its defaults
 * (64 MiB, t=3) takes over a second per hash on a busy 2-core machine.
 */
export const SLOW = { timeout: 120_000 };
