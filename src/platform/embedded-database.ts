import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
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
export async function startEmbeddedDatabase(
  dataDir: string,
  logger: Logger,
  options: { announceIn?: string } = {},
): Promise<EmbeddedDatabase> {
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
  const url = `postgres://postgres@${conn}/postgres`;
  const announcement = options.announceIn ? announce(options.announceIn, url) : undefined;
  return {
    url,
    async stop() {
      announcement?.withdraw();
      await server.stop();
      await db.close();
    },
  };
}

/**
 * Only one process may open the embedded database's files. The one that does writes where its
 * socket listens into DATA_DIR, so a second process of the same installation (`npm run job`,
 * `npm run ledger:check` while `npm start` runs) connects to it instead of opening the files again.
 */
const ANNOUNCEMENT_FILE = 'embedded-database.json';

interface Announcement {
  url: string;
  pid: number;
}

function announce(dataDir: string, url: string): { withdraw(): void } {
  const file = path.resolve(dataDir, ANNOUNCEMENT_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ url, pid: process.pid } satisfies Announcement));
  return {
    withdraw() {
      // A later process may have announced itself since (after this one was presumed dead): leave its file.
      if (readAnnouncement(dataDir)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

function readAnnouncement(dataDir: string): Announcement | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path.resolve(dataDir, ANNOUNCEMENT_FILE), 'utf8')) as Partial<Announcement>;
    return typeof parsed.url === 'string' && Number.isSafeInteger(parsed.pid) ? (parsed as Announcement) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function answers(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The embedded database another live process serves from this DATA_DIR, if any. A file left by a
 * process that died (its pid gone, or reused by another program: nothing listens) is ignored.
 */
export async function runningEmbeddedDatabase(dataDir: string): Promise<Announcement | undefined> {
  const found = readAnnouncement(dataDir);
  return found && found.pid !== process.pid && isAlive(found.pid) && (await answers(found.url)) ? found : undefined;
}
