import { clock } from '../platform/clock.js';
import { inTransaction, sql } from '../platform/database.js';
import { chainHash, chainRowColumns, GENESIS_HASH, type ChainBreak, type ChainRow } from './chain.js';

/**
 * Sealing and verifying the audit log's hash chain (chain.ts). Rows are written unsealed by the
 * use cases (recordAudit: no lock, no hashing on the hot path) and sealed after they commit, in
 * batches, by one sealer at a time (an advisory lock): a row committed late, behind rows already
 * sealed, simply takes the next place in its chain. Job audit.seal runs it every minute;
 * audit:verify seals first, then checks every chain from its first row to its head.
 */

/** The advisory lock of the sealer (pg_advisory_xact_lock(int, int): this, 0). */
const SEAL_LOCK = 71_002;
const BATCH = 2_000;

interface Head {
  lastSeq: number;
  lastHash: string;
}

/** Seals every committed unsealed row; answers how many. */
export async function sealAuditChain(): Promise<{ sealed: number }> {
  let sealed = 0;
  for (;;) {
    const count = await inTransaction(async () => {
      await sql('SELECT pg_advisory_xact_lock($1, 0)', [SEAL_LOCK]);
      const rows = await sql<ChainRow>(
        `SELECT ${chainRowColumns('NULL')} FROM audit_logs a WHERE a.hash IS NULL ORDER BY a.id LIMIT ${BATCH}`,
        [],
      );
      if (!rows.length) return 0;
      const keys = [...new Set(rows.map((r) => r.chainKey))];
      const heads = new Map<string, Head>();
      for (const head of await sql<{ key: string; lastSeq: number; lastHash: string }>(
        `SELECT chain_key::text AS key, last_seq AS "lastSeq", last_hash AS "lastHash" FROM audit_chain_heads WHERE chain_key = ANY($1::bigint[])`,
        [keys],
      ))
        heads.set(head.key, { lastSeq: Number(head.lastSeq), lastHash: head.lastHash });
      const links: unknown[] = [];
      const tuples: string[] = [];
      const lastOf = new Map<string, { id: string }>();
      for (const row of rows) {
        const head = heads.get(row.chainKey) ?? { lastSeq: 0, lastHash: GENESIS_HASH };
        const seq = head.lastSeq + 1;
        const hash = chainHash(head.lastHash, { ...row, chainSeq: String(seq) });
        links.push(row.id, seq, head.lastHash, hash);
        const n = links.length;
        tuples.push(`($${n - 3}::bigint, $${n - 2}::bigint, $${n - 1}, $${n})`);
        heads.set(row.chainKey, { lastSeq: seq, lastHash: hash });
        lastOf.set(row.chainKey, { id: row.id });
      }
      await sql(
        `UPDATE audit_logs a SET chain_seq = v.seq, prev_hash = v.prev, hash = v.hash
           FROM (VALUES ${tuples.join(', ')}) AS v(id, seq, prev, hash) WHERE a.id = v.id`,
        links,
      );
      const headValues: unknown[] = [];
      const headTuples = [...lastOf].map(([key, last]) => {
        const head = heads.get(key)!;
        headValues.push(key, head.lastSeq, head.lastHash, last.id);
        const n = headValues.length;
        return `($${n - 3}::bigint, $${n - 2}::bigint, $${n - 1}, $${n}::bigint)`;
      });
      headValues.push(clock.now());
      await sql(
        `INSERT INTO audit_chain_heads (chain_key, last_seq, last_hash, last_audit_id, sealed_at)
         SELECT v.*, $${headValues.length}::timestamptz FROM (VALUES ${headTuples.join(', ')}) AS v(k, s, h, i)
         ON CONFLICT (chain_key) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_hash = EXCLUDED.last_hash,
           last_audit_id = EXCLUDED.last_audit_id, sealed_at = EXCLUDED.sealed_at`,
        headValues,
      );
      return rows.length;
    });
    sealed += count;
    if (count < BATCH) return { sealed };
  }
}

export interface ChainVerification {
  ok: boolean;
  chains: number;
  rows: number;
  /** The first link that does not hold (the lowest audit id among the chains' first breaks). */
  firstBreak: ChainBreak | null;
  /** Each broken chain's first break, by audit id. */
  breaks: ChainBreak[];
  /** Rows not sealed yet (written since the last seal): not covered by this check. */
  unsealed: number;
}

/** Checks one chain from its first row to its head; the first break, or null. */
async function verifyChain(
  chainKey: number,
  head: { lastSeq: number; lastHash: string; lastAuditId: number },
): Promise<{ rows: number; broken: ChainBreak | null }> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let lastId = 0;
  for (;;) {
    const page = await sql<ChainRow & { storedSeq: string; prevHash: string; hash: string }>(
      `SELECT ${chainRowColumns('a.chain_seq')}, a.chain_seq::text AS "storedSeq", a.prev_hash AS "prevHash", a.hash
         FROM audit_logs a
        WHERE COALESCE(a.website_id, 0) = $1 AND a.chain_seq >= $2
        ORDER BY COALESCE(a.website_id, 0), a.chain_seq LIMIT ${BATCH}`,
      [chainKey, expectedSeq],
    );
    for (const row of page) {
      const id = Number(row.id);
      const seq = Number(row.storedSeq);
      if (seq !== expectedSeq || row.prevHash !== prevHash)
        return {
          rows,
          broken: {
            kind: 'link',
            auditId: id,
            chainKey,
            message: `audit row ${id} does not follow the previous sealed row (place ${seq}, expected ${expectedSeq}): a row before it was removed or changed its place`,
          },
        };
      if (chainHash(prevHash, row) !== row.hash)
        return { rows, broken: { kind: 'content', auditId: id, chainKey, message: `audit row ${id} was changed after it was sealed` } };
      prevHash = row.hash;
      expectedSeq += 1;
      rows += 1;
      lastId = id;
    }
    if (page.length < BATCH) break;
  }
  if (expectedSeq - 1 !== head.lastSeq || prevHash !== head.lastHash)
    return {
      rows,
      broken: {
        kind: 'head',
        auditId: head.lastAuditId,
        chainKey,
        message: `the chain ends at place ${expectedSeq - 1} (audit row ${lastId || 'none'}) but was sealed up to place ${head.lastSeq} (audit row ${head.lastAuditId}): rows at its end were removed`,
      },
    };
  return { rows, broken: null };
}

/** Seals what is committed, then checks every chain; `ok` is false with the first break named. */
export async function verifyAuditChain(): Promise<ChainVerification> {
  await sealAuditChain();
  const heads = await sql<{ key: number; lastSeq: number; lastHash: string; lastAuditId: number }>(
    `SELECT chain_key AS key, last_seq AS "lastSeq", last_hash AS "lastHash", last_audit_id AS "lastAuditId" FROM audit_chain_heads ORDER BY chain_key`,
    [],
  );
  // Sealed rows of a chain without a head: the head was removed.
  const headless = await sql<{ key: number; id: number }>(
    `SELECT COALESCE(website_id, 0) AS key, min(id) AS id FROM audit_logs a
      WHERE chain_seq IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit_chain_heads h WHERE h.chain_key = COALESCE(a.website_id, 0))
      GROUP BY 1`,
    [],
  );
  const breaks: ChainBreak[] = headless.map((h) => ({
    kind: 'head',
    auditId: Number(h.id),
    chainKey: Number(h.key),
    message: `the chain of audit row ${h.id} has no recorded head`,
  }));
  let rows = 0;
  for (const head of heads) {
    const result = await verifyChain(Number(head.key), {
      lastSeq: Number(head.lastSeq),
      lastHash: head.lastHash,
      lastAuditId: Number(head.lastAuditId),
    });
    rows += result.rows;
    if (result.broken) breaks.push(result.broken);
  }
  const [unsealed] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_logs WHERE hash IS NULL`, []);
  breaks.sort((a, b) => a.auditId - b.auditId);
  return { ok: breaks.length === 0, chains: heads.length, rows, firstBreak: breaks[0] ?? null, breaks, unsealed: Number(unsealed?.n ?? 0) };
}
