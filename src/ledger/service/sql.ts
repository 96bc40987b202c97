import { QueryTypes, type Transaction } from 'sequelize';
import { getSequelize } from '../../platform/database.js';

interface PgConnection {
  query<R>(sql: string, values: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * A query on the transaction's own connection, without Sequelize's query pipeline (bind-parameter
 * rewriting, logging, result building): that pipeline cost ~10x the Node CPU of the query itself,
 * and posting is the hottest write path. Same connection, so the same transaction and type parsers.
 */
export async function select<R>(sql: string, bind: unknown[], transaction: Transaction): Promise<R[]> {
  const connection = (transaction as unknown as { connection?: PgConnection }).connection;
  if (!connection) return (await getSequelize().query(sql, { bind, type: QueryTypes.SELECT, transaction })) as R[];
  return (await connection.query<R>(sql, bind)).rows;
}
