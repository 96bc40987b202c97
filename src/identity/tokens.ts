import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { clock } from '../platform/clock.js';
import { ctx } from '../platform/context.js';
import { Unauthorized } from '../platform/errors.js';
import type { Role } from '../platform/actor.js';

/**
 * Portal credentials: a short-lived JWT access token (HS256) and an opaque refresh token that is
 * stored only as its SHA-256 (a database leak yields nothing usable).
 */
export const TOKEN_ISSUER = 'scriptorium';
export const TOKEN_AUDIENCE = 'scriptorium-portal';

export interface AccessClaims {
  userId: number;
  sessionId: number;
  websiteId: number | null;
  role: Role;
}

// Importing the key on every request costs more than the HMAC itself: keep one per secret.
let cachedKey: { secret: string; key: KeyObject } | undefined;
function signingKey(): KeyObject {
  const secret = ctx().config.JWT_SECRET;
  if (cachedKey?.secret !== secret) {
    cachedKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
    verified.clear();
  }
  return cachedKey.key;
}

/**
 * Tokens whose signature already checked out, until they expire. A client sends the same token
 * for up to 15 minutes, and jose's HMAC check (WebCrypto, off the main thread) is the largest
 * cost of an authenticated request. Keyed by the whole token, signature included, so only a
 * byte-identical token can hit; expiry is still checked on every use. Sessions and user status
 * are not cached: requireAuth checks them in the database every time.
 */
const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
const MAX_VERIFIED = 10_000;

export async function signAccessToken(claims: AccessClaims): Promise<{ token: string; expiresIn: number }> {
  const expiresIn = ctx().config.ACCESS_TOKEN_TTL_SECONDS;
  const iat = Math.floor(clock.now().getTime() / 1000);
  const token = await new SignJWT({ sid: claims.sessionId, wid: claims.websiteId, role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(claims.userId))
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresIn)
    .sign(signingKey());
  return { token, expiresIn };
}

/** Verifies signature, issuer, audience and expiry (against the app clock); any problem is a 401. */
export async function verifyAccessToken(token: string): Promise<AccessClaims> {
  signingKey(); // clears the cache when the secret changed
  const hit = verified.get(token);
  if (hit) {
    if (hit.expiresAtMs > clock.now().getTime()) return hit.claims;
    verified.delete(token);
    throw Unauthorized('The access token has expired');
  }
  return verifyWithJose(token);
}

async function verifyWithJose(token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: clock.now(),
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    const userId = Number(payload.sub);
    const sessionId = payload.sid;
    if (!Number.isSafeInteger(userId) || typeof sessionId !== 'number' || !Number.isSafeInteger(sessionId)) {
      throw Unauthorized('Invalid access token');
    }
    const claims: AccessClaims = {
      userId,
      sessionId,
      websiteId: typeof payload.wid === 'number' ? payload.wid : null,
      role: payload.role as Role,
    };
    if (verified.size >= MAX_VERIFIED) verified.clear(); // bounded; forgetting only costs a re-check
    verified.set(token, { claims, expiresAtMs: payload.exp! * 1000 });
    return claims;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw Unauthorized('The access token has expired');
    throw Unauthorized('Invalid access token');
  }
}

/** A fresh opaque secret (refresh or reset token): 32 random bytes, base64url. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored for an opaque token: its SHA-256 in hex. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
