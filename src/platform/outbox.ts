import { clock } from './clock.js';
import { ctx } from './context.js';
import { currentTransaction, inTransaction, sql } from './database.js';

/**
 * The outbox (DESIGN.md "Boundaries between areas"): effects that must not happen inside a use
 * case's transaction — notifications, email, live updates — start from an event row written in
 * that transaction, so a rolled-back change leaves no event and a committed one is never lost.
 *
 * Areas record events here (they never call the consumers); the composition root registers the
 * consumers (`onOutboxEvent`); the dispatcher hands each event to every consumer after commit, in
 * id order, and marks it dispatched in the consumers' own transaction. A consumer must be
 * idempotent: an event can be handed over again after a crash between its work and the commit.
 */
export interface OutboxEvent<P extends object = Record<string, unknown>> {
  /** `<area>.<what happened>`, e.g. `order.event`, `message.posted`, `payout.paid`. */
  type: string;
  websiteId: number | null;
  payload: P;
}

export interface StoredOutboxEvent extends OutboxEvent {
  id: number;
  createdAt: Date;
}

export type OutboxConsumer = (event: StoredOutboxEvent) => Promise<void>;

const consumers: OutboxConsumer[] = [];

/** Registers a consumer (src/wiring.ts only); the same function again changes nothing. */
export function onOutboxEvent(consumer: OutboxConsumer): void {
  if (!consumers.includes(consumer)) consumers.push(consumer);
}

/**
 * Writes events in the caller's transaction (a use case's: they commit or roll back with it). After
 * the commit the process's dispatcher is nudged, so consumers see the events within moments
 * instead of at the next dispatch job.
 */
export async function recordEvents(events: readonly OutboxEvent<object>[]): Promise<void> {
  if (!events.length) return;
  const values: unknown[] = [];
  const tuples = events.map((e) => {
    values.push(e.websiteId, e.type, JSON.stringify(e.payload), clock.now());
    const n = values.length;
    return `($${n - 3}::bigint, $${n - 2}, $${n - 1}::jsonb, $${n}::timestamptz)`;
  });
  await sql(`INSERT INTO outbox_events (website_id, type, payload, created_at) VALUES ${tuples.join(', ')}`, values);
  eventsRecorded();
}

/**
 * For a writer that inserts its events in its own statement (orders' timeline writes its events
 * with the timeline rows): nudges the dispatcher once the caller's transaction commits.
 */
export function eventsRecorded(): void {
  const transaction = currentTransaction();
  if (transaction) transaction.afterCommit(() => nudgeDispatcher());
  else nudgeDispatcher();
}

export const recordEvent = (event: OutboxEvent<object>): Promise<void> => recordEvents([event]);

// ---- dispatch -------------------------------------------------------------------------------

const BATCH = 100;
const MAX_ATTEMPTS = 10;

export interface DispatchRun {
  dispatched: number;
  failed: number;
}

interface Row {
  id: number;
  type: string;
  websiteId: number | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

const CLAIM = `SELECT id, type, website_id AS "websiteId", payload, created_at AS "createdAt" FROM outbox_events
  WHERE dispatched_at IS NULL AND attempts < ${MAX_ATTEMPTS} AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
  ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`;

async function handOver(event: Row): Promise<void> {
  for (const consumer of consumers) await consumer(event);
}

/** One event alone, after its batch failed: done, or its attempt and error recorded for a later try. */
async function dispatchOne(id: number): Promise<boolean> {
  try {
    return await inTransaction(async () => {
      const [event] = await sql<Row>(`${CLAIM.replace('ORDER BY id', 'AND id = $3 ORDER BY id')}`, [clock.now(), 1, id]);
      if (!event) return true;
      await handOver(event);
      await sql(`UPDATE outbox_events SET dispatched_at = $2 WHERE id = $1`, [id, clock.now()]);
      return true;
    });
  } catch (err) {
    ctx().logger.error({ err, outboxEventId: id }, 'an outbox consumer failed');
    // A growing pause: 1, 2, 4… minutes (at most about 8 hours), then the event waits for a person.
    await sql(
      `UPDATE outbox_events SET attempts = attempts + 1, last_error = left($2, 1000),
         next_attempt_at = $3::timestamptz + make_interval(mins => power(2, least(attempts, 9))::int) WHERE id = $1`,
      [id, err instanceof Error ? err.message : String(err), clock.now()],
    );
    return false;
  }
}

/**
 * Hands every due event to the consumers, a batch per transaction (claimed with SKIP LOCKED, so
 * many workers share the queue and never take the same event). When a consumer throws, the batch
 * rolls back and its events go one by one, so one bad event delays only itself.
 */
export async function dispatchOutbox(options: { limit?: number } = {}): Promise<DispatchRun> {
  const run: DispatchRun = { dispatched: 0, failed: 0 };
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (;;) {
    const room = Math.min(BATCH, limit - run.dispatched - run.failed);
    if (room <= 0) break;
    let claimed: number[] = [];
    try {
      claimed = await inTransaction(async () => {
        const events = await sql<Row>(CLAIM, [clock.now(), room]);
        for (const event of events) await handOver(event);
        if (events.length)
          await sql(`UPDATE outbox_events SET dispatched_at = $2 WHERE id = ANY($1::bigint[])`, [events.map((e) => e.id), clock.now()]);
        return events.map((e) => e.id);
      });
      run.dispatched += claimed.length;
    } catch {
      const ids = await sql<{ id: number }>(
        `SELECT id FROM outbox_events WHERE dispatched_at IS NULL AND attempts < ${MAX_ATTEMPTS}
           AND (next_attempt_at IS NULL OR next_attempt_at <= $1) ORDER BY id LIMIT $2`,
        [clock.now(), room],
      );
      if (!ids.length) break;
      for (const { id } of ids) {
        if (await dispatchOne(Number(id))) run.dispatched += 1;
        else run.failed += 1;
      }
      continue;
    }
    if (claimed.length < room) break;
  }
  return run;
}

// ---- the in-process nudge ---------------------------------------------------------------------

let nudging = false;
let running: Promise<unknown> | null = null;
let again = false;

/**
 * Whether this process dispatches right after a commit (npm start and the workers turn it on; tests
 * dispatch by hand, so what they see does not depend on timing). Off: events wait for the job.
 */
export function dispatchAfterCommit(on: boolean): void {
  nudging = on;
}

function nudgeDispatcher(): void {
  if (!nudging) return;
  if (running) {
    again = true;
    return;
  }
  running = new Promise((resolve) => setImmediate(resolve))
    .then(() => dispatchOutbox())
    .catch((err: unknown) => ctx().logger.error({ err }, 'dispatching the outbox after a commit failed'))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        nudgeDispatcher();
      }
    });
}

/** Waits for an in-process dispatch under way (shutdown, tests). */
export async function outboxIdle(): Promise<void> {
  while (running) await running;
}
