import pg from 'pg';
import { loadConfig } from '../config/index.js';
import { seedDemo } from '../seeders/demo.js';
import { boot } from '../src/boot.js';
import { createLogger } from '../src/platform/logger.js';
import { migrate } from '../src/platform/migrator.js';

/**
 * The ticket data set of bench/tickets.bench.ts, kept between runs (scriptorium_bench_tickets_100k):
 * the demo websites, TICKET_CLIENTS clients of website A (the demo client's password) and
 * BENCH_TICKETS tickets spread over them, every status and priority, a third held by the demo
 * agents, some breached — topped up when smaller than asked.
 */
export const TICKETS = Number(process.env.BENCH_TICKETS ?? 100_000);
export const TICKET_CLIENTS = Number(process.env.BENCH_TICKET_CLIENTS ?? 2_000);
export const TICKET_EMAIL_DOMAIN = 'tickets.bench.test';

const BATCH = 20_000;

export async function prepareTicketsData(url: string): Promise<void> {
  const logger = createLogger('warn');
  const context = await boot(loadConfig({ DATABASE_URL: url, NODE_ENV: 'development', LOG_LEVEL: 'warn' }), logger);
  try {
    await migrate(context.sequelize, logger);
    await seedDemo();
  } finally {
    await context.close();
  }
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const website = (await db.query<{ id: number }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`)).rows[0]!.id;
    const hash = (await db.query<{ h: string }>(`SELECT password_hash AS h FROM users WHERE email = 'client@scriptorium.test'`)).rows[0]!.h;
    const have = Number((await db.query(`SELECT count(*) AS n FROM users WHERE email LIKE '%@${TICKET_EMAIL_DOMAIN}'`)).rows[0].n);
    if (have < TICKET_CLIENTS) {
      await db.query(
        `INSERT INTO users (website_id, role, registration_id, email, password_hash, display_name, status, created_at, updated_at)
         SELECT $1, 'client', 'CL-' || lpad(nextval('registration_seq_client')::text, 6, '0'),
                'ticketclient' || (g + $2) || '@${TICKET_EMAIL_DOMAIN}', $3, 'Ticket Client ' || (g + $2), 'active', now(), now()
           FROM generate_series(1, $4) AS g`,
        [website, have, hash, TICKET_CLIENTS - have],
      );
    }
    const agents = (
      await db.query<{ id: number }>(`SELECT id FROM users WHERE website_id = $1 AND role IN ('support', 'admin') ORDER BY id`, [website])
    ).rows.map((r) => Number(r.id));
    let tickets = Number((await db.query(`SELECT count(*) AS n FROM tickets WHERE subject LIKE 'Bench ticket %'`)).rows[0].n);
    while (tickets < TICKETS) {
      const size = Math.min(BATCH, TICKETS - tickets);
      await db.query(
        `WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE email LIKE '%@${TICKET_EMAIL_DOMAIN}'),
              g AS (SELECT g + $2 AS n, now() - ((g + $2) % 90) * interval '1 day' AS at FROM generate_series(1, $3) AS g)
         INSERT INTO tickets (website_id, requester_id, requester_role, subject, category, priority, status, assignee_id, assigned_at,
                              first_response_due_at, sla_alert_at, first_responded_at, sla_alerted, sla_breached, message_count, created_at, updated_at)
         SELECT $1, c.ids[1 + g.n % array_length(c.ids, 1)], 'client', 'Bench ticket ' || g.n,
                (ARRAY['order','payment','account','technical','writer','other'])[1 + g.n % 6],
                (ARRAY['low','normal','high','urgent'])[1 + g.n % 4],
                s.status,
                CASE WHEN s.status = 'open' THEN NULL ELSE ($4::bigint[])[1 + g.n % array_length($4::bigint[], 1)] END,
                CASE WHEN s.status = 'open' THEN NULL ELSE g.at END,
                g.at + interval '8 hours', g.at + interval '384 minutes',
                CASE WHEN s.status IN ('waiting_on_customer', 'resolved', 'closed') THEN g.at + interval '1 hour' END,
                g.n % 10 = 0, g.n % 20 = 0, 1, g.at, g.at
           FROM g CROSS JOIN c
           CROSS JOIN LATERAL (SELECT (ARRAY['open','assigned','in_progress','waiting_on_customer','escalated','resolved','closed','closed'])[1 + g.n % 8] AS status) s`,
        [website, tickets, size, agents],
      );
      tickets += size;
      console.log(`  seeding tickets: ${tickets}/${TICKETS}`);
    }
    await db.query('ANALYZE tickets');
  } finally {
    await db.end();
  }
}
