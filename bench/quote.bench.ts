import { benchDatabase, compare, startApp, startServer, type Benchmark, type ServerProcess } from './support.js';

/**
 * POST /api/v1/pricing/quote (validation, cached active price list, line-by-line pricing) against a
 * bare Express 5 endpoint answering a constant JSON body. Target: ≥ 60 % of the bare endpoint.
 */
const QUOTE = JSON.stringify({
  pages: 5,
  deadlineHours: 72,
  paperType: 'research_paper',
  academicLevel: 'masters',
  subject: 'biology',
  extraServices: ['plagiarism_report'],
});

const quote: Benchmark = {
  name: 'quote',
  description: 'POST /api/v1/pricing/quote vs. bare Express hello (POST, JSON body, no database)',
  async run(options) {
    const database = await benchDatabase('quote');
    const servers: ServerProcess[] = [];
    try {
      const { server: app, redis } = await startApp(database.url, { RATE_LIMIT_QUOTE_PER_MIN: '100000000' });
      servers.push(app);
      const hello = await startServer('bench/servers/express-hello.ts', {});
      servers.push(hello);
      const headers = { Host: 'localhost', 'Content-Type': 'application/json' };
      const check = await fetch(`${app.url}/api/v1/pricing/quote`, { method: 'POST', headers, body: QUOTE });
      if (!check.ok) throw new Error(`quote failed: ${check.status} ${await check.text()}`);
      const { totalCents } = (await check.json()) as { totalCents: number };
      console.log(
        `  PostgreSQL database ${new URL(database.url).pathname.slice(1)}, ${redis ? 'Redis' : 'no Redis'}; quote total ${totalCents} cents`,
      );

      const { target, baseline } = await compare(
        { name: 'POST /api/v1/pricing/quote', url: `${app.url}/api/v1/pricing/quote`, headers, method: 'POST', body: QUOTE },
        {
          name: 'bare Express hello',
          url: `${hello.url}/hello`,
          headers: { 'Content-Type': 'application/json' },
          method: 'POST',
          body: QUOTE,
        },
        options,
      );
      return {
        result: {
          name: 'quote',
          rps: Math.round(target.rps),
          p99Ms: target.p99Ms,
          baselineName: 'express-hello',
          baselineRps: Math.round(baseline.rps),
          ratio: Number((target.rps / baseline.rps).toFixed(3)),
          target: 0.6,
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

export default quote;
