import pg from 'pg';
import { TASKS, prepareEditorTasksData } from './editor-tasks-data.js';
import {
  compare,
  persistentBenchDatabase,
  startApp,
  startServer,
  type Benchmark,
  type BenchResult,
  type Measurement,
  type ServerProcess,
  FORWARDED,
  signInAdmin,
} from './support.js';

/**
 * The editors' lists on TASKS editor tasks, each against its baseline as the orders lists are:
 * - the back office's editor_tasks list (GET /admin/api/resources/editor_tasks/actions/list, as the
 *   list screen calls it, signed in as website A's admin) against AdminJS's default list of the
 *   same table given the same website filter — first page, a deep page, the status and editor
 *   filters; target ≥ 1 (admin-orders-list's);
 * - GET /api/v1/editor/tasks/available (JWT, session check, the queue's page) against bare Express
 *   + pg running the same indexed query; target ≥ 0.4 (my-orders').
 * The result is whichever comparison is furthest below (or least above) its target.
 */
const POOL_SIZE = '10';
const ADMIN_CONNECTIONS = 4;
const API_CONNECTIONS = 32;

async function signInEditor(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { Host: 'localhost', 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'editor@scriptorium.test', password: 'scriptorium' }),
  });
  if (!res.ok) throw new Error(`editor login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const line = (label: string, m: Measurement) =>
  `    ${label.padEnd(16)} ${m.meanMs.toFixed(1).padStart(7)} ms mean   p99 ${String(m.p99Ms).padStart(5)} ms   ${m.rps.toFixed(1).padStart(7)} req/s`;

interface Outcome {
  result: BenchResult;
  target: Measurement;
  baseline: Measurement;
}

const editorTasks: Benchmark = {
  name: 'editor-tasks',
  connections: API_CONNECTIONS,
  description: `Back-office editor_tasks list and GET /api/v1/editor/tasks/available on ${TASKS} tasks vs. AdminJS's default list and bare Express + pg`,
  async run(options) {
    const database = await persistentBenchDatabase('editor_tasks');
    await prepareEditorTasksData(database.url);
    const servers: ServerProcess[] = [];
    try {
      const { server: app } = await startApp(database.url, {
        DATABASE_POOL_MAX: POOL_SIZE,
        BENCH_WITH_ADMIN: 'true',
        RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '1000',
        RATE_LIMIT_LOGIN_PER_15_MIN: '1000',
      });
      servers.push(app);
      const stock = await startServer('bench/servers/adminjs-default-editor-tasks.ts', {
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: POOL_SIZE,
      });
      servers.push(stock);
      const bare = await startServer('bench/servers/express-pg-editor-tasks.ts', {
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: POOL_SIZE,
      });
      servers.push(bare);
      const db = new pg.Client({ connectionString: database.url });
      await db.connect();
      const websiteId = (await db.query<{ id: number }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`)).rows[0]!.id;
      const editorId = (await db.query<{ id: number }>(`SELECT id FROM users WHERE email = 'editor@scriptorium.test'`)).rows[0]!.id;
      await db.end();
      const outcomes: Outcome[] = [];

      // The back-office list.
      const cookie = await signInAdmin(app.url);
      const scenarios = [
        { name: 'first page (newest first)', query: 'page=1&perPage=20&sortBy=id&direction=desc' },
        { name: 'page 50', query: 'page=50&perPage=20&sortBy=id&direction=desc' },
        { name: 'status = available', query: 'page=1&perPage=20&sortBy=id&direction=desc&filters.status=available' },
        { name: 'editor = demo editor', query: `page=1&perPage=20&sortBy=id&direction=desc&filters.editorId=${editorId}` },
      ];
      const adminResults: Array<{ name: string; target: Measurement; baseline: Measurement }> = [];
      for (const scenario of scenarios) {
        console.log(`  admin list: ${scenario.name}`);
        const ours = `${app.url}/admin/api/resources/editor_tasks/actions/list?${scenario.query}`;
        const check = await fetch(ours, { headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } });
        const body = (await check.json()) as { records?: unknown[]; meta?: { total: number } };
        if (!check.ok || !body.records?.length) throw new Error(`our list failed: ${check.status} ${JSON.stringify(body).slice(0, 300)}`);
        console.log(`    ours: ${body.records.length} rows, total shown ${body.meta?.total}`);
        const { target, baseline } = await compare(
          { name: `ours: ${scenario.name}`, url: ours, headers: { Host: 'localhost', Cookie: cookie, ...FORWARDED } },
          {
            name: `AdminJS default: ${scenario.name}`,
            url: `${stock.url}/admin/api/resources/editor_tasks/actions/list?${scenario.query}&filters.websiteId=${websiteId}`,
            headers: {},
          },
          { ...options, connections: ADMIN_CONNECTIONS },
        );
        if (!target.requests || !baseline.requests) throw new Error(`no answer within a round for "${scenario.name}"`);
        console.log(line('ours', target));
        console.log(line('AdminJS default', baseline));
        adminResults.push({ name: scenario.name, target, baseline });
      }
      const worst = adminResults.reduce((a, b) => (b.target.rps / b.baseline.rps < a.target.rps / a.baseline.rps ? b : a));
      console.log(`  admin list, slowest relative to AdminJS: ${worst.name} (${(worst.target.rps / worst.baseline.rps).toFixed(3)})`);
      outcomes.push({
        result: {
          name: 'editor-tasks',
          rps: Math.round(worst.target.rps),
          p99Ms: worst.target.p99Ms,
          baselineName: 'adminjs-default-editor-tasks-list',
          baselineRps: Math.round(worst.baseline.rps),
          ratio: Number((worst.target.rps / worst.baseline.rps).toFixed(3)),
          target: 1,
        },
        target: worst.target,
        baseline: worst.baseline,
      });

      // The editor's queue.
      const token = await signInEditor(app.url);
      const apiUrl = `${app.url}/api/v1/editor/tasks/available?limit=20`;
      const check = await fetch(apiUrl, { headers: { Host: 'localhost', Authorization: `Bearer ${token}` } });
      if (!check.ok) throw new Error(`GET /api/v1/editor/tasks/available failed: ${check.status} ${await check.text()}`);
      console.log(`  editor queue: a page holds ${((await check.json()) as { items: unknown[] }).items.length} tasks`);
      const { target, baseline } = await compare(
        {
          name: 'GET /api/v1/editor/tasks/available',
          url: apiUrl,
          headers: { Host: 'localhost', Authorization: `Bearer ${token}` },
          cpuMs: app.cpuMs,
        },
        { name: 'bare Express + pg', url: `${bare.url}/websites/${websiteId}/available-tasks`, headers: {}, cpuMs: bare.cpuMs },
        { ...options, connections: API_CONNECTIONS },
      );
      console.log(line('app', target));
      console.log(line('bare', baseline));
      outcomes.push({
        result: {
          name: 'editor-tasks',
          rps: Math.round(target.rps),
          p99Ms: target.p99Ms,
          baselineName: 'express-pg-editor-tasks-available',
          baselineRps: Math.round(baseline.rps),
          ratio: Number((target.rps / baseline.rps).toFixed(3)),
          target: 0.4,
        },
        target,
        baseline,
      });
      for (const o of outcomes) console.log(`  ${o.result.baselineName}: ratio ${o.result.ratio} (target ${o.result.target})`);
      return outcomes.reduce((a, b) => (b.result.ratio / b.result.target! < a.result.ratio / a.result.target! ? b : a));
    } finally {
      for (const server of servers) await server.stop().catch((err: unknown) => console.error('  stopping a server failed:', err));
    }
  },
};

export default editorTasks;
