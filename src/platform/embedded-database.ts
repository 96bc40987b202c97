import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger.js';
import { keepProtocolSequencesTogether, type QueryQueueInternals } from './pglite-sequences.js';

/** How many client connections the embedded server accepts; every pool in the process must fit under it. */
export const EMBEDDED_MAX_CONNECTIONS = 16;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) on disk and serves it on a loopback socket, so the
 * rest of the app reaches it through `pg` exactly like a real server. `dataDir` of `memory://`
 * keeps it in memory (tests on machines without PostgreSQL).
 */
export async function startEmbeddedDatabase(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  // Extensions the migrations create (trigram indexes for text search) ship with PGlite but load on request.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const inMemory = dataDir === 'memory://';
  const dir = inMemory ? undefined : path.resolve(dataDir, 'pgdata');
  if (dir) mkdirSync(dir, { recursive: true });
  const started = Date.now();
  const db = await PGlite.create(dir, { extensions: { pg_trgm } });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  keepProtocolSequencesTogether((server as unknown as { queryQueue: QueryQueueInternals }).queryQueue);
  await server.start();
  const conn = server.getServerConn();
  logger.info(
    { dir: dir ?? 'memory', ms: Date.now() - started },
    'embedded database started (single process only; set DATABASE_URL for PostgreSQL)',
  );
  return {
    url: `postgres://postgres@${conn}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
