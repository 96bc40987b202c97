import pg from 'pg';
import {
  compare,
  persistentBenchDatabase,
  startApp,
  startServer,
  type Benchmark,
  type Endpoint,
  type Measurement,
  type ServerProcess,
  FORWARDED,
  signInAdmin,
} from './support.js';
import { prepareTicketsData, TICKET_CLIENTS, TICKET_EMAIL_DOMAIN, TICKETS } from './tickets-data.js';

/**
 * The support tickets' two lists at 100,000 tickets (issue 12: every new list keeps the orders
 * lists' speed), measured as bench/admin-orders-list.bench.ts and bench/my-orders.bench.ts measure
 * theirs:
 * - the back office's `tickets` list (GET /admin/api/resources/tickets/actions/list, signed in as
 *   website A's admin) against AdminJS's default list of the same table given the same website
 *   filter: the first page and the queue filters staff use (status, priority, breached, agent).
 *   Target: ours at least as fast (ratio ≥ 1).
 * - a customer's `GET /api/v1/support/tickets` (JWT, session check, one keyset query), rotating over
 *   signed-in clients, against bare Express + pg running the same indexed query. Target ≥ 0.4.
 * The result is the scenario furthest below its target (ratio / target, so 1 means "on target").
 * The data set is kept between runs (scriptorium_bench_tickets_100k) and topped up by the seeder.
 */
const POOL_SIZE = '10';
const ADMIN_CONNECTIONS = 4;
const PORTAL_CONNECTIONS = 32;
const SIGNED_IN = 50;

const line = (label: string, m: Measurement) =>
  `    ${label.padEnd(16)} ${m.meanMs.toFixed(1).padStart(7)} ms mean   p99 ${String(m.p99Ms).padStart(5)} ms   ${m.rps.toFixed(1).padStart(7)} req/s`;

interface Row {
  name: string;
  target: Measurement;
  baseline: Measurement;
  goal: number;
}

const ticketsBench: Benchmark = {
  name: 'tickets',
  connections: PORTAL_CONNECTIONS,
  description: `Back-office tickets list vs. AdminJS's default list, and GET /api/v1/support/tickets vs. bare Express + pg, on ${TICKETS} tickets / ${TICKET_CLIENTS} clients`,
  async run(options) {
    const database = await persistentBenchDatabase('tickets_100k');
    await prepareTicketsData(database.url);
    const servers: ServerProcess[] = [];
    try {
      const { server: app } = await startApp(database.url, {
        DATABASE_POOL_MAX: POOL_SIZE,
        BENCH_WITH_ADMIN: 'true',
        RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '1000',
        RATE_LIMIT_LOGIN_PER_15_MIN: '100000',
      });
      servers.push(app);
      const stock = await startServer('bench/servers/adminjs-default-tickets.ts', {
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: POOL_SIZE,
      });
      servers.push(stock);
      const bare = await startServer('bench/servers/express-pg-tickets.ts', { DATABASE_URL: database.url, DATABASE_POOL_MAX: POOL_SIZE });
      servers.push(bare);

      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      const websiteId = (await db.query<{ id: number }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`)).rows[0]!.id;
      const agentId = (await db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'support@scriptorium.test'`)).rows[0]!.id;
      const clients = (
        await db.query<{ id: number; email: string }>(
          `SELECT id, email FROM users WHERE email LIKE '%@${TICKET_EMAIL_DOMAIN}' ORDER BY random() LIMIT ${SIGNED_IN}`,
        )
      ).rows;
      await db.end();

      const results: Row[] = [];
      const cookie = await signInAdmin(app.url);
      const scenarios = [
        { name: 'first page (newest first)', query: 'page=1&perPage=20' },
        { name: 'status = open', query: 'page=1&perPage=20&filters.status=open' },
        { name: 'priority = urgent', query: 'page=1&perPage=20&filters.priority=urgent' },
        { name: 'breached', query: 'page=1&perPage=20&filters.slaBreached=true' },
        { name: 'agent = support', query: `page=1&perPage=20&filters.assigneeId=${agentId}` },
      ];
      for (const scenario of scenarios) {
        console.log(`  admin list: ${scenario.name}`);
        const ours = `${app.url}/admin/api/resources/tickets/actions/list?${scenario.query}`;
        const check = await fetch(ours, { headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } });
        const body = (await check.json()) as { records?: unknown[]; meta?: { total: number } };
        if (!check.ok || !body.records) throw new Error(`our list failed: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
        console.log(`    ours: ${body.records.length} rows, total shown ${body.meta?.total}`);
        const { target, baseline } = await compare(
          { name: `ours: ${scenario.name}`, url: ours, headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } },
          {
            name: `AdminJS default: ${scenario.name}`,
            url: `${stock.url}/admin/api/resources/tickets/actions/list?${scenario.query}&filters.websiteId=${websiteId}`,
            headers: {},
          },
          { ...options, connections: ADMIN_CONNECTIONS },
        );
        if (!target.requests || !baseline.requests) throw new Error(`no answer within a round for "${scenario.name}"`);
        console.log(line('ours', target));
        console.log(line('AdminJS default', baseline));
        results.push({ name: `admin: ${scenario.name}`, target, baseline, goal: 1 });
      }

      const tokens: string[] = [];
      for (const client of clients) {
        const res = await fetch(`${app.url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { Host: 'localhost', 'Content-Type': 'application/json' },
          body: JSON.stringify({ email: client.email, password: 'scriptorium' }),
        });
        if (!res.ok) throw new Error(`login of ${client.email} failed: ${res.status} ${await res.text()}`);
        tokens.push(((await res.json()) as { accessToken: string }).accessToken);
      }
      const check = await fetch(`${app.url}/api/v1/support/tickets?limit=20`, {
        headers: { Host: 'localhost', Authorization: `Bearer ${tokens[0]}` },
      });
      if (!check.ok) throw new Error(`GET /api/v1/support/tickets failed: ${check.status} ${await check.text()}`);
      console.log(
        `  portal list: ${SIGNED_IN} clients signed in; a page holds ${((await check.json()) as { items: unknown[] }).items.length} tickets`,
      );
      let turn = 0;
      const next = () => turn++ % clients.length;
      const portal: Endpoint = {
        name: 'GET /api/v1/support/tickets',
        url: `${app.url}/api/v1/support/tickets?limit=20`,
        headers: { Host: 'localhost' },
        setupRequest: (req) => ({ ...req, headers: { ...req.headers, Host: 'localhost', Authorization: `Bearer ${tokens[next()]}` } }),
        cpuMs: app.cpuMs,
      };
      const baseline: Endpoint = {
        name: 'bare Express + pg',
        url: `${bare.url}/requesters/0/tickets`,
        headers: {},
        setupRequest: (req) => ({ ...req, path: `/requesters/${clients[next()]!.id}/tickets` }),
        cpuMs: bare.cpuMs,
      };
      const mine = await compare(portal, baseline, { ...options, connections: PORTAL_CONNECTIONS });
      console.log(line('ours', mine.target));
      console.log(line('bare', mine.baseline));
      results.push({ name: 'portal: my tickets', target: mine.target, baseline: mine.baseline, goal: 0.4 });

      const score = (r: Row) => r.target.rps / r.baseline.rps / r.goal;
      for (const r of results) console.log(`  ${r.name.padEnd(36)} ratio ${(r.target.rps / r.baseline.rps).toFixed(2)} (target ${r.goal})`);
      const worst = results.reduce((a, b) => (score(b) < score(a) ? b : a));
      console.log(`  furthest below its target: ${worst.name}`);
      return {
        result: {
          name: 'tickets',
          rps: Math.round(worst.target.rps),
          p99Ms: worst.target.p99Ms,
          baselineName: worst.goal === 1 ? 'adminjs-default-list' : 'express-pg-tickets-by-requester',
          baselineRps: Math.round(worst.baseline.rps),
          ratio: Number(score(worst).toFixed(3)),
          target: 1,
        },
        target: worst.target,
        baseline: worst.baseline,
      };
    } finally {
      for (const server of servers) await server.stop().catch((err: unknown) => console.error('  stopping a server failed:', err));
    }
  },
};

export default ticketsBench;
