import pg from 'pg';
import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { AsyncContextNamespace } from './async-context.js';
import type { Logger } from './logger.js';

// BIGINT (int8) columns hold ids and money in minor units; both stay far below 2^53, so parse them
// to JS numbers. Sequelize reads this default when it builds its own parsers.
pg.defaults.parseInt8 = true;
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

// Every query of a use case must run on that use case's transaction (the embedded database runs
// one transaction at a time and would deadlock otherwise). CLS passes it to every query implicitly.
const namespace = new AsyncContextNamespace();
Sequelize.useCLS(namespace);

let current: Sequelize | undefined;

export function createSequelize(url: string, logger: Logger, poolMax: number): Sequelize {
  const sequelize = new Sequelize(url, {
    dialect: 'postgres',
    logging: (sql, timing) => logger.trace({ sql, ms: timing }, 'sql'),
    benchmark: true,
    pool: { max: poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    define: { underscored: true, timestamps: true },
    dialectOptions: { application_name: 'scriptorium' },
  });
  current = sequelize;
  return sequelize;
}

export function getSequelize(): Sequelize {
  if (!current) throw new Error('The database is not initialised yet');
  return current;
}

/** The transaction the current use case runs in, if any. */
export function currentTransaction(): Transaction | undefined {
  return namespace.get('transaction') as Transaction | undefined;
}

/**
 * Runs `work` in one database transaction: joins the caller's transaction when there is one,
 * so a use case calling another still commits or rolls back as one.
 */
export async function inTransaction<T>(work: (t: Transaction) => Promise<T>): Promise<T> {
  const existing = currentTransaction();
  if (existing) return work(existing);
  return getSequelize().transaction(work);
}

interface PgConnection {
  query<R>(sql: string, values: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * A read on a pooled connection directly, for hot paths outside any use case (auth checks, list
 * pages): Sequelize's query pipeline costs about as much as a short indexed query. Same pool and
 * type parsers. Inside a transaction it runs on that transaction instead, as every query must.
 */
export async function readQuery<R>(sql: string, values: unknown[]): Promise<R[]> {
  const transaction = currentTransaction();
  const sequelize = getSequelize();
  if (transaction) return (await sequelize.query(sql, { bind: values, type: QueryTypes.SELECT, transaction })) as R[];
  const manager = sequelize.connectionManager;
  const connection = (await manager.getConnection({ type: 'read' })) as PgConnection;
  try {
    return (await connection.query<R>(sql, values)).rows;
  } finally {
    manager.releaseConnection(connection);
  }
}
