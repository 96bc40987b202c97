import type { Transaction } from 'sequelize';
import { sql } from '../../platform/database.js';

/**
 * The ledger's statements run on the transaction's own connection without Sequelize's query
 * pipeline (platform `sql`): posting is the hottest write path. `transaction` is the one the
 * caller holds (always the current one: postCore runs inside inTransaction).
 */
export async function select<R>(text: string, bind: unknown[], _transaction: Transaction): Promise<R[]> {
  return sql<R>(text, bind);
}
