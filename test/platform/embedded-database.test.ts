import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/platform/embedded-database.js';

/**
 * The embedded database serves every connection of the process through one PGlite. Parameterised
 * queries (Parse, Bind, Execute, Sync) from several connections at once must each get their own
 * answer: PGlite-socket queues protocol messages one by one, so unless a connection's sequence is
 * kept together another's Bind can land on its statement ("portal cannot be run", or worse, the
 * other query's answer).
 */
let db: EmbeddedDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  db = await startEmbeddedDatabase('memory://', createLogger('silent'));
  pool = new pg.Pool({ connectionString: db.url, max: 8 });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await db?.stop();
});

describe('the embedded database under concurrent connections', () => {
  it('answers 400 parameterised queries of different shapes (some of 300 kB) from 8 connections, each with its own result', async () => {
    const queries = Array.from({ length: 400 }, async (_, i) => {
      if (i % 3 === 0) {
        const { rows } = await pool.query<{ n: number }>('SELECT $1::int AS n', [i]);
        return rows[0]!.n === i;
      }
      if (i % 4 === 3) {
        // A Bind of ~300 kB arrives in several socket reads: other connections may be served in between.
        const { rows } = await pool.query<{ n: number }>('SELECT length($1::text)::int + $2::int AS n', ['x'.repeat(300_000), i]);
        return rows[0]!.n === 300_000 + i;
      }
      if (i % 3 === 1) {
        const { rows } = await pool.query<{ s: string }>('SELECT $1::text || $2::text AS s', [`a${i}`, `b${i}`]);
        return rows[0]!.s === `a${i}b${i}`;
      }
      const { rows } = await pool.query<{ n: number }>('SELECT g::int AS n FROM generate_series(1, $1::int) g', [(i % 7) + 1]);
      return rows.length === (i % 7) + 1;
    });
    const results = await Promise.allSettled(queries);
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected' ? [`${i}: ${String(r.reason)}`] : r.value ? [] : [`${i}: wrong answer`],
    );
    expect(failures).toEqual([]);
  }, 60_000);
});
