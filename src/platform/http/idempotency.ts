import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { QueryTypes } from 'sequelize';
import { clock } from '../clock.js';
import { ctx } from '../context.js';
import { AppError, Conflict, Unauthorized } from '../errors.js';

/**
 * `Idempotency-Key` on money-moving POSTs (pay, top-up, refund, tip), as Stripe does it: the first
 * request with a key runs and its answer is kept; a retry with the same key and the same request
 * gets that answer again (with `Idempotent-Replayed: true`) and changes nothing; the same key with
 * another request is a 409. Keys are per user and website, kept KEY_TTL_HOURS.
 *
 * The answer is stored after the use case has committed, so a crash in between leaves the key
 * "in progress": retries get a 409 until it is STALE_AFTER_MS old, then run again. That second run
 * is safe because services derive their ledger idempotency keys from `req.idempotencyKey`: the
 * ledger replays the first posting instead of moving the money twice.
 */
export const KEY_TTL_HOURS = 24;
const STALE_AFTER_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

declare module 'express-serve-static-core' {
  interface Request {
    /** The request's Idempotency-Key, scoped to its user (for services to derive ledger keys from). */
    idempotencyKey?: string;
  }
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

const hashOf = (req: Request) =>
  createHash('sha256')
    .update(JSON.stringify([req.method, req.baseUrl + req.path, canonical(req.body ?? null)]))
    .digest('hex');

interface KeyRow {
  id: number;
  request_hash: string;
  status: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  locked_at: Date;
}

/** Claims the key: inserted (ours to run), or the row someone else holds. Never inside a use case's transaction. */
async function claim(
  websiteId: number,
  userId: number,
  key: string,
  req: Request,
  hash: string,
): Promise<{ mine: true; id: number } | { mine: false; row: KeyRow }> {
  const { sequelize } = ctx();
  const inserted = await sequelize.query<{ id: number }>(
    `INSERT INTO idempotency_keys (website_id, user_id, key, method, path, request_hash, status)
     VALUES ($1, $2, $3, $4, $5, $6, 'in_progress') ON CONFLICT (website_id, user_id, key) DO NOTHING RETURNING id`,
    {
      bind: [websiteId, userId, key, req.method, (req.baseUrl + req.path).slice(0, 500), hash],
      type: QueryTypes.SELECT,
      transaction: null,
    },
  );
  if (inserted[0]) return { mine: true, id: inserted[0].id };
  // Re-claim an abandoned in-progress key (the process died before storing the answer).
  const reclaimed = await sequelize.query<{ id: number }>(
    `UPDATE idempotency_keys SET locked_at = $5 WHERE website_id = $1 AND user_id = $2 AND key = $3 AND request_hash = $4
       AND status = 'in_progress' AND locked_at < $6 RETURNING id`,
    {
      bind: [websiteId, userId, key, hash, clock.now(), new Date(clock.now().getTime() - STALE_AFTER_MS)],
      type: QueryTypes.SELECT,
      transaction: null,
    },
  );
  if (reclaimed[0]) return { mine: true, id: reclaimed[0].id };
  const [row] = await sequelize.query<KeyRow>(
    `SELECT id, request_hash, status, response_status, response_body, locked_at FROM idempotency_keys WHERE website_id = $1 AND user_id = $2 AND key = $3`,
    { bind: [websiteId, userId, key], type: QueryTypes.SELECT, transaction: null },
  );
  if (!row) return claim(websiteId, userId, key, req, hash); // purged in between: try again
  return { mine: false, row };
}

/**
 * Keeps the answer: 2xx-4xx are final; a 5xx frees the key so the client may retry. A JSON answer
 * is kept before it is sent, so a client retrying the moment it has the answer gets it replayed
 * rather than a 409 "still being processed"; one without a body (204) is kept once sent. Should
 * keeping it fail, the answer still goes out and the key stays in progress (see above).
 */
function recordAnswer(res: Response, id: number): void {
  const { sequelize, logger } = ctx();
  let kept = false;
  const keep = (body: unknown): Promise<unknown> => {
    kept = true;
    const query =
      res.statusCode >= 500
        ? sequelize.query('DELETE FROM idempotency_keys WHERE id = $1', { bind: [id], transaction: null })
        : sequelize.query(
            `UPDATE idempotency_keys SET status = 'completed', response_status = $2, response_body = $3, completed_at = $4 WHERE id = $1`,
            {
              bind: [id, res.statusCode, JSON.stringify(body ?? null), clock.now()],
              transaction: null,
            },
          );
    return query.catch((err: unknown) => logger.error({ err, idempotencyKeyId: id }, 'storing an idempotent answer failed'));
  };
  const json = res.json.bind(res);
  res.json = (value: unknown) => {
    void keep(value).then(() => json(value));
    return res;
  };
  res.on('finish', () => {
    if (!kept) void keep(null);
  });
}

/** Use after requireAuth (keys belong to a user) and after the JSON body parser. */
export const idempotent: RequestHandler = async (req, res, next) => {
  const key = req.get('idempotency-key');
  if (key === undefined) return next();
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('validation_failed', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters', {
      'Idempotency-Key': 'must be 1 to 255 visible ASCII characters',
    });
  }
  const actor = req.actor;
  if (!actor?.userId || !actor.websiteId) throw Unauthorized();
  const hash = hashOf(req);
  const claimed = await claim(actor.websiteId, actor.userId, key, req, hash);
  if (!claimed.mine) {
    const { row } = claimed;
    if (row.request_hash !== hash) throw Conflict('This Idempotency-Key was already used for another request', { idempotencyKey: key });
    if (row.status === 'in_progress')
      throw Conflict('A request with this Idempotency-Key is still being processed; retry shortly', { idempotencyKey: key });
    res.setHeader('Idempotent-Replayed', 'true');
    res.status(row.response_status ?? 200).json(row.response_body);
    return;
  }
  req.idempotencyKey = `${actor.userId}:${key}`;
  recordAnswer(res, claimed.id);
  next();
};

/** Forgets keys older than KEY_TTL_HOURS (the daily purge job). */
export async function purgeIdempotencyKeys(): Promise<number> {
  const [, result] = await ctx().sequelize.query('DELETE FROM idempotency_keys WHERE created_at < $1', {
    bind: [new Date(clock.now().getTime() - KEY_TTL_HOURS * 3_600_000)],
    transaction: null,
  });
  return (result as { rowCount?: number } | undefined)?.rowCount ?? 0;
}
