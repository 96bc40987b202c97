import pg from 'pg';

/**
 * What the search benchmark adds to the million-order data set (which has neither payments nor
 * messages): PAYMENTS succeeded wallet payments with receipt numbers (each with its ledger
 * transaction row, no entries: the benchmark reads, it never checks the ledger) and MESSAGES order
 * messages with a few hundred distinct words, on website A's bench orders. Topped up when smaller;
 * never run it on a database you share (bench/search.bench.ts says how to copy one).
 */
export const PAYMENTS = Number(process.env.BENCH_SEARCH_PAYMENTS ?? 100_000);
export const MESSAGES = Number(process.env.BENCH_SEARCH_MESSAGES ?? 200_000);

const WORDS = [
  'thesis',
  'bibliography',
  'citation',
  'deadline',
  'revision',
  'chapter',
  'abstract',
  'methodology',
  'appendix',
  'outline',
  'argument',
  'introduction',
  'conclusion',
  'sources',
  'formatting',
  'plagiarism',
  'draft',
  'feedback',
  'grammar',
  'references',
];

export async function prepareSearchData(url: string): Promise<void> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const site = (await db.query<{ id: string }>(`SELECT id FROM websites WHERE slug = 'scriptorium-a'`)).rows[0]!.id;
    const count = async (text: string) => Number((await db.query<{ n: string }>(text, [site])).rows[0]!.n);
    let payments = await count(`SELECT count(*) AS n FROM payments WHERE website_id = $1 AND reference = 'bench'`);
    while (payments < PAYMENTS) {
      const size = Math.min(20_000, PAYMENTS - payments);
      await db.query(
        `WITH picked AS (
           SELECT o.id AS order_id, o.client_id, o.total_cents, row_number() OVER () AS g
             FROM orders o WHERE o.website_id = $1 AND o.topic LIKE 'Bench order %' AND o.client_id IS NOT NULL
            ORDER BY o.id OFFSET $2 LIMIT $3
         ), tx AS (
           INSERT INTO ledger_transactions (website_id, currency, kind, idempotency_key, input_hash)
           SELECT $1, 'USD', 'order_payment_wallet', 'bench-search-' || order_id, repeat('0', 64) FROM picked
           RETURNING id, idempotency_key
         )
         INSERT INTO payments (website_id, client_id, order_id, purpose, method, status, amount_cents, currency,
                               ledger_transaction_id, reference, receipt_number, succeeded_at)
         SELECT $1, p.client_id, p.order_id, 'order', 'wallet', 'succeeded', greatest(p.total_cents, 1), 'USD', tx.id, 'bench',
                'R-' || lpad(nextval(format('payment_receipt_seq_%s', $1::bigint)::regclass)::text, 6, '0'), now()
           FROM picked p JOIN tx ON tx.idempotency_key = 'bench-search-' || p.order_id`,
        [site, payments, size],
      );
      payments += size;
      console.log(`  seeding payments: ${payments}/${PAYMENTS}`);
    }
    let messages = await count(`SELECT count(*) AS n FROM order_messages WHERE website_id = $1 AND body LIKE 'Bench message %'`);
    while (messages < MESSAGES) {
      const size = Math.min(20_000, MESSAGES - messages);
      await db.query(
        `WITH picked AS (
           SELECT o.id AS order_id, g FROM generate_series(1, $3) AS g
             JOIN LATERAL (SELECT id FROM orders WHERE website_id = $1 AND id = (SELECT min(id) FROM orders WHERE website_id = $1) + (($2 + g) * 5) % 1000000) o ON true
         ), threads AS (
           INSERT INTO order_message_threads (website_id, order_id, kind, last_message_at)
           SELECT DISTINCT $1::bigint, order_id, 'client_support', now() FROM picked
           ON CONFLICT (order_id, kind) DO UPDATE SET last_message_at = EXCLUDED.last_message_at
           RETURNING id, order_id
         )
         INSERT INTO order_messages (website_id, order_id, thread_id, author_role, body)
         SELECT $1, p.order_id, t.id, 'client',
                'Bench message ' || ($2 + p.g) || ': please check the ' || ($4::text[])[1 + (p.g % 20)] || ' and the ' || ($4::text[])[1 + ((p.g / 20) % 20)]
           FROM picked p JOIN threads t ON t.order_id = p.order_id`,
        [site, messages, size, WORDS],
      );
      messages += size;
      console.log(`  seeding messages: ${messages}/${MESSAGES}`);
    }
    await db.query('ANALYZE payments; ANALYZE order_messages; ANALYZE order_message_threads');
  } finally {
    await db.end();
  }
}
