import { NotFound } from '../../platform/errors.js';
import { accountKey, OWNER_TYPE, type AccountKind, type AccountRef } from '../rules.js';
import { sql } from '../../platform/database.js';

/** Finding, creating and locking the accounts of a posting (used by core.ts only). */

export interface LockedAccount {
  id: number;
  kind: AccountKind;
  ownerId: number | null;
  balanceCents: number;
}

/** Owned accounts are created only for owners of this website (an order also of this currency). */
async function checkOwners(websiteId: number, currency: string, refs: AccountRef[]): Promise<void> {
  for (const type of ['user', 'order'] as const) {
    const ids = [...new Set(refs.filter((r) => OWNER_TYPE[r.kind] === type).map((r) => r.ownerId!))];
    if (!ids.length) continue;
    const rows =
      type === 'user'
        ? await sql<{ id: number }>('SELECT id FROM users WHERE id = ANY($1::bigint[]) AND website_id = $2', [ids, websiteId])
        : await sql<{ id: number }>('SELECT id FROM orders WHERE id = ANY($1::bigint[]) AND website_id = $2 AND currency = $3', [
            ids,
            websiteId,
            currency,
          ]);
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.find((id) => !found.has(id));
    if (missing !== undefined) throw NotFound(type === 'user' ? `User ${missing}` : `Order ${missing}`);
  }
}

function accountsWhere(refs: AccountRef[], bind: unknown[]): string {
  return refs
    .map((ref) => {
      bind.push(ref.kind, ref.ownerId ?? 0);
      return `(kind = $${bind.length - 1} AND COALESCE(owner_id, 0) = $${bind.length})`;
    })
    .join(' OR ');
}

export interface Probe {
  /** Null when the website does not exist. */
  websiteCurrency: string | null;
  /** The probed idempotency keys under which a transaction was already posted (null: none). */
  existingKeys: string[] | null;
}

export type LockedRow = LockedAccount & Partial<Probe>;

const PROBE = (keysParam: number) => `(SELECT currency FROM websites WHERE id = $1) AS "websiteCurrency",
  (SELECT json_agg(idempotency_key) FROM ledger_transactions WHERE website_id = $1 AND idempotency_key = ANY($${keysParam}::text[])) AS "existingKeys"`;

/**
 * Locks the existing accounts among `refs` in ascending id. With `probeKeys`, the same round trip
 * also reads the website's currency and which of those keys were posted already (uncorrelated
 * subqueries, evaluated once; a post racing on a key is caught later by ON CONFLICT).
 */
export async function selectForUpdate(websiteId: number, currency: string, refs: AccountRef[], probeKeys?: string[]): Promise<LockedRow[]> {
  const bind: unknown[] = [websiteId, currency];
  const where = accountsWhere(refs, bind);
  let probe = '';
  if (probeKeys !== undefined) {
    bind.push(probeKeys);
    probe = `, ${PROBE(bind.length)}`;
  }
  return sql<LockedRow>(
    `SELECT id, kind, owner_id AS "ownerId", balance_cents AS "balanceCents"${probe} FROM ledger_accounts
      WHERE website_id = $1 AND currency = $2 AND (${where}) ORDER BY id FOR UPDATE`,
    bind,
  );
}

export async function probeOnly(websiteId: number, keys: string[]): Promise<Probe> {
  const [row] = await sql<Probe>(`SELECT ${PROBE(2)}`, [websiteId, keys]);
  return row!;
}

/**
 * Creates the accounts not locked yet and locks them. They are inserted in a canonical order (two
 * posters creating the same ones wait instead of deadlocking); the existing ones were locked first.
 */
export async function createMissing(
  websiteId: number,
  currency: string,
  refs: AccountRef[],
  locked: Map<string, LockedAccount>,
): Promise<void> {
  const missing = refs.filter((ref) => !locked.has(accountKey(ref)));
  if (!missing.length) return;
  await checkOwners(websiteId, currency, missing);
  const bind: unknown[] = [websiteId, currency];
  const values = missing.map((ref) => {
    bind.push(ref.kind, OWNER_TYPE[ref.kind], ref.ownerId ?? null);
    return `($1, $2, $${bind.length - 2}, $${bind.length - 1}, $${bind.length}::bigint)`;
  });
  await sql(
    `INSERT INTO ledger_accounts (website_id, currency, kind, owner_type, owner_id) VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
    bind,
  );
  for (const account of await selectForUpdate(websiteId, currency, missing)) locked.set(accountKey(account), account);
}
