import net from 'node:net';

/** The services tests talk to: real PostgreSQL and Redis when they answer, else none (embedded fallback). */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';

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

export async function findPostgres(): Promise<string | undefined> {
  const url = process.env.DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  return (await answers(url)) ? url : undefined;
}

export async function findRedis(): Promise<string | undefined> {
  const url = process.env.REDIS_URL ?? DEFAULT_TEST_REDIS_URL;
  return (await answers(url)) ? url : undefined;
}

/** The same server, another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
