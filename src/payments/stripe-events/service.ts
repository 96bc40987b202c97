import { QueryTypes } from 'sequelize';
import Stripe from 'stripe';
import { systemActor } from '../../platform/actor.js';
import { ctx } from '../../platform/context.js';
import { currentTransaction, getSequelize, inTransaction } from '../../platform/database.js';
import { AppError, BadRequest, NotFound } from '../../platform/errors.js';
import { StripeEvent } from './models.js';
import { stripeEventHandlers, stripeEventPreparer, type StripeEventContext, type StripeEventHandler } from './registry.js';
import {
  errorText,
  isFinished,
  MAX_STRIPE_EVENT_ATTEMPTS,
  objectIdOf,
  STALE_RECEIVED_MS,
  websiteIdOf,
  type EventEnvelope,
  type StripeEventStatus,
} from './rules.js';

/** What became of one delivery. */
export interface StripeEventReceipt {
  eventId: string;
  type: string;
  status: StripeEventStatus;
  /** The event had been received before (a redelivery): nothing was applied twice. */
  duplicate: boolean;
}

export interface ProcessResult {
  status: StripeEventStatus;
  /** False when another process holds the event right now (it finishes or fails it). */
  handled: boolean;
  error?: string;
}

/**
 * A webhook delivery: verifies Stripe's signature on the exact bytes received, stores the event
 * once (by its Stripe id) and processes it. Throws a 400 for anything unsigned or forged — before
 * anything is stored. Once the event is stored it resolves whatever the handlers did, so the route
 * answers 2xx and Stripe does not redeliver (STYLE.md: a throw makes Stripe retry); a failed event
 * is retried by our job instead.
 */
export async function receiveStripeWebhook(
  rawBody: unknown,
  signature: string | undefined,
  requestId: string | null = null,
): Promise<StripeEventReceipt> {
  const secret = ctx().config.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw BadRequest('Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET)');
  if (!Buffer.isBuffer(rawBody) || rawBody.length === 0)
    throw BadRequest('Expected the raw JSON body of a Stripe event (Content-Type: application/json)');
  if (!signature) throw BadRequest('Missing Stripe-Signature header');
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret);
  } catch {
    throw BadRequest('Invalid Stripe signature');
  }
  const recorded = await recordStripeEvent(event);
  let status = recorded.status;
  if (!isFinished(status)) status = (await processStripeEvent(recorded.id, requestId)).status;
  return { eventId: event.id, type: event.type, status, duplicate: recorded.duplicate };
}

/** Stores a verified event unless its Stripe id is already stored; returns the row either way. */
export async function recordStripeEvent(event: EventEnvelope): Promise<{ id: number; status: StripeEventStatus; duplicate: boolean }> {
  if (typeof event.id !== 'string' || typeof event.type !== 'string' || !Number.isFinite(event.created)) {
    throw BadRequest('Not a Stripe event');
  }
  const sequelize = getSequelize();
  return inTransaction(async () => {
    // A website id from metadata is kept only when it names a website (it is not a foreign key we trust).
    const inserted = await sequelize.query<{ id: number; status: StripeEventStatus }>(
      `INSERT INTO stripe_events (stripe_event_id, type, website_id, object_id, livemode, event_created_at, payload)
       VALUES ($1, $2, (SELECT id FROM websites WHERE id = $3::bigint), $4, $5, to_timestamp($6), $7::jsonb)
       ON CONFLICT (stripe_event_id) DO NOTHING
       RETURNING id, status`,
      {
        bind: [event.id, event.type, websiteIdOf(event), objectIdOf(event), event.livemode === true, event.created, JSON.stringify(event)],
        type: QueryTypes.SELECT,
      },
    );
    if (inserted[0]) return { ...inserted[0], duplicate: false };
    const [existing] = await sequelize.query<{ id: number; status: StripeEventStatus }>(
      'SELECT id, status FROM stripe_events WHERE stripe_event_id = $1',
      { bind: [event.id], type: QueryTypes.SELECT },
    );
    if (!existing) throw new Error(`stripe event ${event.id} neither inserted nor found`);
    return { ...existing, duplicate: true };
  });
}

/**
 * Runs the handlers of one stored event, exactly once whatever the number of concurrent callers:
 * the row is locked (FOR UPDATE) in the transaction that runs the handlers and marks it, and a
 * finished event is left alone. SKIP LOCKED: a caller finding the row locked answers at once
 * instead of holding a pooled connection while it waits — the holder finishes the event, or marks
 * it failed for the job. A handler's throw rolls its writes back; the failure is then recorded in
 * a transaction of its own. The handlers' `prepare` (registry.ts) run first, outside any
 * transaction; a throw there fails the event the same way.
 */
export async function processStripeEvent(eventRowId: number, requestId: string | null = null): Promise<ProcessResult> {
  try {
    const preparation = await prepareHandlers(eventRowId);
    if ('done' in preparation) return preparation.done;
    return await inTransaction(async (transaction) => {
      const row = await StripeEvent.findOne({ where: { id: eventRowId }, lock: transaction.LOCK.UPDATE, skipLocked: true, transaction });
      if (!row) {
        const exists = await StripeEvent.findByPk(eventRowId, { attributes: ['id', 'status'], transaction });
        if (!exists) throw NotFound('Stripe event');
        return { status: exists.status, handled: false };
      }
      if (isFinished(row.status)) return { status: row.status, handled: false };
      const handlers = stripeEventHandlers(row.type);
      const context: StripeEventContext = {
        websiteId: row.websiteId,
        actor: systemActor(row.websiteId, requestId),
        eventRowId: row.id,
        attempt: row.attempts + 1,
      };
      let ignoredBy = 0;
      for (const handler of handlers) {
        const outcome = await handler(row.payload as unknown as Stripe.Event, { ...context, prepared: preparation.prepared.get(handler) });
        if (outcome === 'ignored') ignoredBy += 1;
      }
      const status: StripeEventStatus = ignoredBy === handlers.length ? 'ignored' : 'processed';
      await row.update({ status, attempts: row.attempts + 1, lastError: null, processedAt: new Date() }, { transaction });
      return { status, handled: true };
    });
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw err;
    const error = errorText(err);
    ctx().logger.error({ err, eventRowId }, 'stripe event handler failed; the event is kept as failed for a retry');
    const status = await markFailed(eventRowId, error);
    return { status, handled: true, error };
  }
}

type Preparation = { done: ProcessResult } | { prepared: Map<StripeEventHandler, unknown> };

/**
 * Runs the `prepare` of each handler of the event, before its transaction and outside any (they
 * may call Stripe). A finished event is answered at once: nothing to prepare or apply.
 */
async function prepareHandlers(eventRowId: number): Promise<Preparation> {
  const row = await StripeEvent.findByPk(eventRowId, { attributes: ['id', 'type', 'status'] });
  if (!row) throw NotFound('Stripe event');
  if (isFinished(row.status)) return { done: { status: row.status, handled: false } };
  const prepared = new Map<StripeEventHandler, unknown>();
  const withPreparer = stripeEventHandlers(row.type).filter((handler) => stripeEventPreparer(handler));
  if (withPreparer.length === 0) return { prepared };
  if (currentTransaction()) throw new Error(`processing ${row.type} reads Stripe first: never inside a database transaction`);
  const full = await StripeEvent.findByPk(eventRowId, { attributes: ['id', 'payload'] });
  for (const handler of withPreparer) prepared.set(handler, await stripeEventPreparer(handler)!(full!.payload as unknown as Stripe.Event));
  return { prepared };
}

async function markFailed(eventRowId: number, error: string): Promise<StripeEventStatus> {
  return inTransaction(async (transaction) => {
    const row = await StripeEvent.findByPk(eventRowId, { lock: transaction.LOCK.UPDATE, transaction });
    if (!row) throw NotFound('Stripe event');
    // Someone else finished it between our rollback and now: their result stands.
    if (isFinished(row.status)) return row.status;
    await row.update({ status: 'failed', attempts: row.attempts + 1, lastError: error }, { transaction });
    return 'failed';
  });
}

export interface ReprocessSummary {
  picked: number;
  processed: number;
  ignored: number;
  failed: number;
  /** Held by another process at the time: left to it. */
  busy: number;
}

/**
 * For the job: processes again, in Stripe's order, the events that failed (below the attempt
 * limit) and those stored but never finished (a crash between storing and handling). Safe to run
 * on several workers at once: each event is applied at most once.
 */
export async function reprocessFailedStripeEvents(options: { limit?: number; now?: Date } = {}): Promise<ReprocessSummary> {
  const now = options.now ?? new Date();
  const due = await getSequelize().query<{ id: number }>(
    `SELECT id FROM stripe_events
     WHERE (status = 'failed' OR (status = 'received' AND received_at < $1))
       AND attempts < $2
     ORDER BY event_created_at, id
     LIMIT $3`,
    { bind: [new Date(now.getTime() - STALE_RECEIVED_MS), MAX_STRIPE_EVENT_ATTEMPTS, options.limit ?? 200], type: QueryTypes.SELECT },
  );
  const summary: ReprocessSummary = { picked: due.length, processed: 0, ignored: 0, failed: 0, busy: 0 };
  for (const { id } of due) {
    const result = await processStripeEvent(id);
    if (!result.handled) summary.busy += result.status === 'received' || result.status === 'failed' ? 1 : 0;
    else if (result.status === 'processed' || result.status === 'ignored' || result.status === 'failed') summary[result.status] += 1;
  }
  return summary;
}
