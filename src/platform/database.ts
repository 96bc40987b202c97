import pg from 'pg';
import { QueryTypes, Sequelize, Transaction, type Model, type ModelStatic } from 'sequelize';
import { AsyncContextNamespace } from './async-context.js';
import { ctx } from './context.js';
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
  query<R>(
    sql: string | { name: string; text: string; values: unknown[] },
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface SqlOptions {
  /**
   * Run it as a named prepared statement: each connection parses and plans it once, then only binds
   * and executes it (PostgreSQL keeps a generic plan once five custom ones cost no less). Parsing
   * and planning cost PostgreSQL several times the execution of a short indexed query. For hot
   * statements whose best plan does not depend on the values. Only on PostgreSQL: the embedded
   * database's socket connections share one session, where a name would be prepared twice.
   */
  prepare?: boolean;
}

// One name per statement text, so a name always means the same text on every connection.
const statementNames = new Map<string, string>();
function namedStatement(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } | undefined {
  if (!ctx().config.DATABASE_URL) return undefined;
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `scriptorium_${statementNames.size + 1}`));
  return { name, text, values };
}

/**
 * A statement on a pg connection directly, for hot paths: Sequelize's query pipeline (bind
 * rewriting, logging, result building) costs several times the Node CPU of a short indexed query.
 * Inside a use case it runs on that use case's transaction (its own connection), as every query
 * must; outside, on a pooled connection of the same pool. Same type parsers (BIGINT -> number).
 * Errors are pg's own (err.code is the SQLSTATE), not Sequelize's wrappers.
 */
export async function sql<R>(text: string, values: unknown[], options?: SqlOptions): Promise<R[]> {
  const statement = options?.prepare ? namedStatement(text, values) : undefined;
  const transaction = currentTransaction();
  const own = transaction && (transaction as unknown as { connection?: PgConnection }).connection;
  if (own) return (await (statement ? own.query<R>(statement) : own.query<R>(text, values))).rows;
  const sequelize = getSequelize();
  if (transaction) return (await sequelize.query(text, { bind: values, type: QueryTypes.SELECT, transaction })) as R[];
  const manager = sequelize.connectionManager;
  const connection = (await manager.getConnection({ type: 'write' })) as PgConnection;
  try {
    return (await (statement ? connection.query<R>(statement) : connection.query<R>(text, values))).rows;
  } finally {
    manager.releaseConnection(connection);
  }
}

const selectLists = new WeakMap<object, string>();

/**
 * `column AS "attribute", …` for every attribute of a model, so a raw SELECT or RETURNING gives
 * rows that `Model.build(row, { raw: true, isNewRecord: false })` turns into instances.
 */
export function columnsOf(model: ModelStatic<Model>, alias?: string): string {
  const key = alias ? undefined : model;
  const cached = key && selectLists.get(key);
  if (cached) return cached;
  const prefix = alias ? `${alias}.` : '';
  const list = Object.entries(model.getAttributes())
    .map(([name, attribute]) => `${prefix}${attribute.field ?? name} AS "${name}"`)
    .join(', ');
  if (key) selectLists.set(key, list);
  return list;
}

/** A model instance from a raw row selected with columnsOf (no second query, no setters run). */
export function instanceFrom<M extends Model>(model: ModelStatic<M>, row: object): M {
  return model.build(row as M['_creationAttributes'], { raw: true, isNewRecord: false });
}

/**
 * Inserts rows of a model with one plain INSERT … RETURNING (platform `sql`): no validators, hooks
 * or timestamps of Sequelize's create — the caller passes every value the table needs (NOT NULL
 * columns without a default; a value a row leaves out takes the column's default) — and returns
 * the instances in the order given. For rows written on every request.
 */
export async function insertRows<M extends Model>(
  model: ModelStatic<M>,
  rows: ReadonlyArray<Partial<M['_creationAttributes']>>,
): Promise<M[]> {
  if (!rows.length) return [];
  const attributes = model.getAttributes() as Record<string, { field?: string; type: unknown }>;
  const names = [
    ...new Set(rows.flatMap((row) => Object.keys(row).filter((name) => (row as Record<string, unknown>)[name] !== undefined))),
  ];
  for (const name of names) if (!attributes[name]) throw new Error(`${model.name} has no attribute ${name}`);
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const cells = names.map((name) => {
      const value = (row as Record<string, unknown>)[name];
      if (value === undefined) return 'DEFAULT';
      params.push(String(attributes[name]!.type).startsWith('JSON') && value !== null ? JSON.stringify(value) : value);
      return `$${params.length}`;
    });
    return `(${cells.join(', ')})`;
  });
  const columns = names.map((name) => attributes[name]!.field ?? name).join(', ');
  const inserted = await sql<{ id: number }>(
    `INSERT INTO ${model.getTableName() as string} (${columns}) VALUES ${tuples.join(', ')} RETURNING ${columnsOf(model)}`,
    params,
  );
  // Identity values are drawn in VALUES order: sorting by id gives the rows back in the order given.
  return inserted.sort((a, b) => a.id - b.id).map((row) => instanceFrom(model, row));
}
