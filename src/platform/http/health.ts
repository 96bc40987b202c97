import type { RequestHandler } from 'express';
import { ctx } from '../context.js';

type Check = { ok: boolean; ms: number; error?: string; mode?: string };

async function timed(probe: () => Promise<unknown>): Promise<Check> {
  const started = Date.now();
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2_000))]);
    return { ok: true, ms: Date.now() - started };
  } catch (err) {
    return { ok: false, ms: Date.now() - started, error: (err as Error).message };
  }
}

/** Database and Redis reachability; 503 when any configured dependency is down. */
export const healthHandler: RequestHandler = async (_req, res) => {
  const { sequelize, redis, config } = ctx();
  const database = { ...(await timed(() => sequelize.query('SELECT 1'))), mode: config.DATABASE_URL ? 'postgresql' : 'embedded' };
  const cache: Check = redis ? await timed(() => redis.ping()) : { ok: true, ms: 0, mode: 'disabled (single process)' };
  const ok = database.ok && cache.ok;
  res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', checks: { database, redis: cache } });
};
