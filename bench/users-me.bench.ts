import { benchDatabase, compare, startApp, startServer, type Benchmark, type ServerProcess } from './support.js';

/**
 * GET /api/v1/users/me (JWT check + one query on session and user) on the real app, against a bare
 * Express 5 + pg endpoint doing one indexed query, on the same PostgreSQL with the same pool size.
 * Each server runs in a process of its own; this process only generates the load.
 */
const POOL_SIZE = '10';

const usersMe: Benchmark = {
  name: 'users-me',
  description: 'GET /api/v1/users/me vs. bare Express + pg (SELECT id, email, display_name FROM users WHERE id = $1)',
  async run(options) {
    const database = await benchDatabase('users-me');
    const servers: ServerProcess[] = [];
    try {
      const { server: app, redis } = await startApp(database.url, { DATABASE_POOL_MAX: POOL_SIZE });
      servers.push(app);
      const baselineServer = await startServer('bench/servers/express-pg.ts', { DATABASE_URL: database.url, DATABASE_POOL_MAX: POOL_SIZE });
      servers.push(baselineServer);
      console.log(
        `  PostgreSQL database ${new URL(database.url).pathname.slice(1)}, ${redis ? 'Redis' : 'no Redis'}, pool ${POOL_SIZE} each`,
      );

      const login = await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { Host: 'localhost', 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'client@scriptorium.test', password: 'scriptorium' }),
      });
      if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const auth = { Host: 'localhost', Authorization: `Bearer ${accessToken}` };
      const me = await fetch(`${app.url}/api/v1/users/me`, { headers: auth });
      if (!me.ok) throw new Error(`GET /api/v1/users/me failed: ${me.status} ${await me.text()}`);
      const { id: userId } = (await me.json()) as { id: number };

      const { target, baseline } = await compare(
        { name: 'GET /api/v1/users/me', url: `${app.url}/api/v1/users/me`, headers: auth },
        { name: 'bare Express + pg', url: `${baselineServer.url}/users/${userId}`, headers: {} },
        options,
      );
      return {
        result: {
          name: 'users-me',
          rps: Math.round(target.rps),
          p99Ms: target.p99Ms,
          baselineName: 'express-pg-indexed-select',
          baselineRps: Math.round(baseline.rps),
          ratio: Number((target.rps / baseline.rps).toFixed(3)),
          target: 0.5,
        },
        target,
        baseline,
      };
    } finally {
      for (const server of servers) await server.stop().catch((err: unknown) => console.error('  stopping a server failed:', err));
      await database.dispose().catch((err: unknown) => console.error('  dropping the database failed:', err));
    }
  },
};

export default usersMe;
