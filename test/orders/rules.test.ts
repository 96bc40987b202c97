import { describe, expect, it } from 'vitest';
import {
  cancellationForfeiture,
  decideTransition,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  revisionTerms,
  writerDeadline,
  type OrderActorRole,
} from '../../src/orders/rules.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ROLES: OrderActorRole[] = ['client', 'writer', 'editor', 'admin', 'system'];

describe('order lifecycle table', () => {
  it.each([
    ['submit', 'draft', 'client', undefined, 'pending_payment'],
    ['mark_paid', 'pending_payment', 'system', undefined, 'ready_for_staffing'],
    ['assign', 'ready_for_staffing', 'admin', 'pending_writer_acceptance', 'pending_writer_acceptance'],
    ['assign', 'ready_for_staffing', 'admin', 'in_progress', 'in_progress'],
    ['take', 'ready_for_staffing', 'writer', undefined, 'in_progress'],
    ['accept', 'pending_writer_acceptance', 'writer', undefined, 'in_progress'],
    ['decline', 'pending_writer_acceptance', 'system', undefined, 'ready_for_staffing'],
    ['drop', 'in_progress', 'writer', undefined, 'ready_for_staffing'],
    ['send_to_editing', 'revision_requested', 'writer', undefined, 'under_editing'],
    ['deliver', 'in_progress', 'writer', undefined, 'submitted'],
    ['deliver', 'under_editing', 'editor', undefined, 'submitted'],
    ['return_to_writer', 'under_editing', 'editor', undefined, 'in_progress'],
    ['approve', 'submitted', 'system', undefined, 'completed'],
    ['request_revision', 'submitted', 'client', undefined, 'revision_requested'],
    ['open_dispute', 'in_progress', 'client', undefined, 'disputed'],
    ['resolve_dispute', 'disputed', 'admin', 'cancelled', 'cancelled'],
    ['request_cancellation', 'pending_writer_acceptance', 'client', undefined, 'pending_cancellation'],
    ['cancel', 'pending_payment', 'system', undefined, 'cancelled'],
    ['archive', 'completed', 'admin', undefined, 'archived'],
  ] as const)('%s from %s by %s -> %s', (action, from, role, to, expected) => {
    expect(decideTransition({ action, from, role, to })).toEqual({ ok: true, to: expected });
  });

  it('returns a held or pending-cancellation order to where it was', () => {
    expect(decideTransition({ action: 'hold', from: 'under_editing', role: 'admin' })).toEqual({ ok: true, to: 'on_hold' });
    expect(decideTransition({ action: 'release', from: 'on_hold', role: 'admin', previous: 'under_editing' })).toEqual({
      ok: true,
      to: 'under_editing',
    });
    expect(decideTransition({ action: 'release', from: 'on_hold', role: 'admin', previous: null }).ok).toBe(false);
    expect(
      decideTransition({
        action: 'resolve_cancellation',
        from: 'pending_cancellation',
        role: 'admin',
        to: 'in_progress',
        previous: 'in_progress',
      }),
    ).toEqual({ ok: true, to: 'in_progress' });
    expect(
      decideTransition({
        action: 'resolve_cancellation',
        from: 'pending_cancellation',
        role: 'admin',
        to: 'cancelled',
        previous: 'in_progress',
      }),
    ).toEqual({ ok: true, to: 'cancelled' });
  });

  it('refuses a role the table does not name', () => {
    expect(decideTransition({ action: 'take', from: 'ready_for_staffing', role: 'client' })).toMatchObject({
      ok: false,
      reason: 'not_allowed_for_role',
    });
    expect(decideTransition({ action: 'deliver', from: 'under_editing', role: 'writer' })).toMatchObject({
      ok: false,
      reason: 'illegal_from_status',
    });
    expect(decideTransition({ action: 'approve', from: 'submitted', role: 'writer' })).toMatchObject({
      ok: false,
      reason: 'not_allowed_for_role',
    });
  });

  it('refuses an ambiguous or foreign target', () => {
    expect(decideTransition({ action: 'assign', from: 'ready_for_staffing', role: 'admin' })).toMatchObject({
      ok: false,
      reason: 'illegal_target',
    });
    expect(decideTransition({ action: 'resolve_dispute', from: 'disputed', role: 'admin', to: 'archived' })).toMatchObject({
      ok: false,
      reason: 'illegal_target',
    });
  });

  // Every (action, status, role) outside the table is refused: the table is the whole truth.
  it('allows exactly what the table lists, for every action, status and role', () => {
    let allowed = 0;
    for (const action of ORDER_ACTIONS) {
      for (const from of ORDER_STATUSES) {
        for (const role of ROLES) {
          const listed = ORDER_TRANSITIONS[action].some((r) => r.from.includes(from) && r.by.includes(role));
          const result = decideTransition({ action, from, role, previous: 'in_progress', to: undefined });
          if (!listed) expect(result.ok, `${action} ${from} ${role}`).toBe(false);
          else if (result.ok) allowed++;
        }
      }
    }
    expect(allowed).toBeGreaterThan(30);
  });

  it('never leaves a terminal status except archived from completed/cancelled', () => {
    for (const action of ORDER_ACTIONS) {
      for (const role of ROLES) {
        expect(decideTransition({ action, from: 'archived', role }).ok).toBe(false);
        if (action !== 'archive') expect(decideTransition({ action, from: 'completed', role }).ok).toBe(false);
      }
    }
  });
});

describe('writer deadline', () => {
  it('is 80 % of the way from placing to the client deadline', () => {
    const placed = new Date('2026-11-01T00:00:00Z');
    expect(writerDeadline(placed, new Date('2026-11-11T00:00:00Z')).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(writerDeadline(placed, new Date(placed.getTime() + 10 * HOUR)).toISOString()).toBe('2026-11-01T08:00:00.000Z');
  });
});

describe('cancellation forfeiture', () => {
  const now = new Date('2026-11-01T00:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  it.each([
    [8 * DAY, 0],
    [7 * DAY + 1, 0],
    [7 * DAY, 2_000],
    [3 * DAY, 2_000],
    [3 * DAY - 1, 4_000],
    [1 * DAY, 4_000],
    [DAY - 1, 8_000],
    [-HOUR, 8_000],
  ])('%s ms before the deadline forfeits %s bp', (left, shareBp) => {
    const f = cancellationForfeiture({ paidCents: 10_000, deadline: at(left), now, writerAssigned: true });
    expect(f.shareBp).toBe(shareBp);
    expect(f.forfeitCents + f.refundCents).toBe(10_000);
    expect(f.forfeitCents).toBe((shareBp / 100) * 100);
  });

  it('forfeits nothing while no writer is assigned', () => {
    expect(cancellationForfeiture({ paidCents: 9_999, deadline: at(HOUR), now, writerAssigned: false })).toEqual({
      shareBp: 0,
      forfeitCents: 0,
      refundCents: 9_999,
    });
  });

  it('rounds the forfeit half-up and refunds the rest exactly', () => {
    expect(cancellationForfeiture({ paidCents: 1_399, deadline: at(2 * DAY), now, writerAssigned: true })).toEqual({
      shareBp: 4_000,
      forfeitCents: 560,
      refundCents: 839,
    });
  });
});

describe('revision terms', () => {
  const deliveredAt = new Date('2026-11-01T00:00:00Z');
  const base = { deliveredAt, instructionsChanged: false, revisionPending: false, originalPriceCents: 5_001 };
  it('is free inside 14 days with the same instructions', () => {
    const now = new Date(deliveredAt.getTime() + 14 * DAY);
    expect(revisionTerms({ ...base, now, requestedDeadline: new Date(now.getTime() + 24 * HOUR) })).toMatchObject({
      allowed: true,
      paid: false,
      priceCents: 0,
    });
  });

  it('is paid at half the price after the window or with changed instructions', () => {
    const late = new Date(deliveredAt.getTime() + 14 * DAY + 1);
    expect(revisionTerms({ ...base, now: late, requestedDeadline: new Date(late.getTime() + 2 * DAY) })).toMatchObject({
      allowed: true,
      paid: true,
      priceCents: 2_501,
    });
    const now = new Date(deliveredAt.getTime() + DAY);
    expect(revisionTerms({ ...base, instructionsChanged: true, now, requestedDeadline: new Date(now.getTime() + 2 * DAY) })).toMatchObject({
      paid: true,
      reason: 'Changed instructions make the revision paid',
    });
  });

  it('refuses a second pending revision and a turnaround under 24 h', () => {
    const now = new Date(deliveredAt.getTime() + DAY);
    expect(revisionTerms({ ...base, revisionPending: true, now, requestedDeadline: new Date(now.getTime() + 2 * DAY) }).allowed).toBe(
      false,
    );
    expect(revisionTerms({ ...base, now, requestedDeadline: new Date(now.getTime() + 23 * HOUR) })).toEqual({
      allowed: false,
      reason: 'A revision needs at least 24 hours for the writer',
    });
  });
});

describe('statuses the back office derives from the transitions table', () => {
  it('gives each admin action the statuses the order pages used to list by hand', async () => {
    const { statusesFor, statusesLeadingTo, HOLDABLE_STATUSES } = await import('../../src/orders/rules.js');
    const sorted = (list: readonly string[]) => [...list].sort();
    expect(statusesFor('assign', 'admin')).toEqual(['ready_for_staffing']);
    expect(sorted(statusesFor('unassign', 'admin'))).toEqual(['in_progress', 'pending_writer_acceptance']);
    expect(sorted(statusesFor('hold', 'admin'))).toEqual(sorted(HOLDABLE_STATUSES));
    expect(statusesFor('release', 'admin')).toEqual(['on_hold']);
    expect(statusesFor('resolve_cancellation', 'admin')).toEqual(['pending_cancellation']);
    expect(statusesFor('resolve_dispute', 'admin')).toEqual(['disputed']);
    expect(sorted(statusesFor('archive', 'admin'))).toEqual(['cancelled', 'completed']);
    expect(statusesFor('mark_paid', 'admin')).toEqual(['pending_payment']);
    expect(sorted(statusesLeadingTo('cancelled', 'admin'))).toEqual(['disputed', 'draft', 'pending_cancellation', 'pending_payment']);
    expect(statusesFor('take', 'admin')).toEqual([]);
  });
});

describe('outstandingCents', () => {
  it('is the total minus what is paid, the total counting 0 while there is none', async () => {
    const { outstandingCents } = await import('../../src/orders/rules.js');
    expect(outstandingCents({ totalCents: 12_000, paidCents: 5_000 })).toBe(7_000);
    expect(outstandingCents({ totalCents: null, paidCents: 0 })).toBe(0);
    expect(outstandingCents({ totalCents: 100, paidCents: 150 })).toBe(-50);
  });
});
