import { describe, expect, it } from 'vitest';
import {
  closingOf,
  decideInstallmentTransition,
  decidePlanTransition,
  isOverdue,
  nextToPay,
  proposeSchedule,
  spacedDueDates,
  splitByPercent,
  splitEqually,
  unpaidCents,
  validateSchedule,
  type InstallmentStatus,
  type ScheduleLine,
} from '../../src/payments/installments/rules.js';

const DAY = 86_400_000;
const now = new Date('2026-03-01T12:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

describe('splitEqually (RULES.md: the rounding remainder on the last)', () => {
  it.each([
    [10_000, 2, [5_000, 5_000]],
    [10_001, 2, [5_000, 5_001]],
    [10_000, 3, [3_333, 3_333, 3_334]],
    [100, 12, [8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 12]],
    [7, 3, [2, 2, 3]],
  ])('%i cents in %i parts -> %j', (total, count, amounts) => {
    const split = splitEqually(total, count);
    expect(split).toEqual({ ok: true, amounts });
    if (split.ok) expect(split.amounts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it.each([
    [10_000, 1, 'count'],
    [10_000, 13, 'count'],
    [10_000, 2.5, 'count'],
    [2, 3, 'count'],
  ])('%i cents in %s parts is refused (%s)', (total, count, field) => {
    expect(splitEqually(total, count)).toMatchObject({ ok: false, field });
  });
});

describe('splitByPercent (RULES.md: a 50 % deposit, then the rest)', () => {
  it.each([
    [10_000, [50, 50], [5_000, 5_000]],
    [10_001, [50, 50], [5_000, 5_001]],
    [9_999, [30, 40, 30], [2_999, 3_999, 3_001]],
    [1_000, [25, 25, 25, 25], [250, 250, 250, 250]],
  ])('%i cents by %j -> %j', (total, percents, amounts) => {
    expect(splitByPercent(total, percents)).toEqual({ ok: true, amounts });
  });

  it.each([
    [[100], 'parts'],
    [[60, 50], 'add up to 100'],
    [[50, 49.5, 0.5], 'whole percentages'],
    [[0, 100], 'whole percentages'],
  ])('%j is refused (%s)', (percents, message) => {
    const split = splitByPercent(10_000, percents);
    expect(split.ok).toBe(false);
    if (!split.ok) expect(split.message).toContain(message);
  });

  it('refuses a part of 0 cents', () => {
    expect(splitByPercent(1, [50, 50])).toMatchObject({ ok: false, field: 'percents' });
  });
});

describe('proposeSchedule', () => {
  it('defaults: due a day from now, then every 7 days', () => {
    const proposed = proposeSchedule(9_000, { split: 'equal', count: 3 }, now);
    expect(proposed).toEqual({
      ok: true,
      lines: [
        { amountCents: 3_000, dueAt: at(1) },
        { amountCents: 3_000, dueAt: at(8) },
        { amountCents: 3_000, dueAt: at(15) },
      ],
    });
  });

  it('the default percent template is 50/50; the first due date and interval can be given', () => {
    const proposed = proposeSchedule(10_001, { split: 'percent', intervalDays: 3, firstDueAt: at(2) }, now);
    expect(proposed).toEqual({
      ok: true,
      lines: [
        { amountCents: 5_000, dueAt: at(2) },
        { amountCents: 5_001, dueAt: at(5) },
      ],
    });
  });

  it.each([0, 91, 1.5])('an interval of %s days is refused', (intervalDays) => {
    expect(proposeSchedule(10_000, { split: 'equal', count: 2, intervalDays }, now)).toMatchObject({
      ok: false,
      fields: { intervalDays: expect.any(String) },
    });
  });

  it('spacedDueDates spaces by whole days', () => {
    expect(spacedDueDates(now, 3, 2)).toEqual([at(0), at(2), at(4)]);
  });
});

describe('validateSchedule', () => {
  const lines = (...pairs: Array<[number, number]>): ScheduleLine[] =>
    pairs.map(([amountCents, days]) => ({ amountCents, dueAt: at(days) }));
  const limits = { totalCents: 10_000, now };

  it('accepts a schedule adding up exactly, due in order, inside the limits', () => {
    expect(validateSchedule(lines([4_000, 1], [6_000, 5]), { ...limits, firstDueBy: at(14), lastDueBy: at(10) })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['one installment', lines([10_000, 1]), 'installments'],
    ['13 installments', Array.from({ length: 13 }, (_, i) => ({ amountCents: 1, dueAt: at(i + 1) })), 'installments'],
    ['a sum short by a cent', lines([4_000, 1], [5_999, 5]), 'installments'],
    ['a sum over by a cent', lines([4_000, 1], [6_001, 5]), 'installments'],
    ['a zero amount', lines([0, 1], [10_000, 5]), 'installments.0.amountCents'],
    ['a negative amount', lines([-1, 1], [10_001, 5]), 'installments.0.amountCents'],
    ['a fraction of a cent', lines([4_000.5, 1], [5_999.5, 5]), 'installments.0.amountCents'],
    ['a first due date in the past', lines([4_000, -1], [6_000, 5]), 'installments.0.dueAt'],
    ['two installments due at once', lines([4_000, 2], [6_000, 2]), 'installments.1.dueAt'],
    ['due dates out of order', lines([4_000, 3], [6_000, 2]), 'installments.1.dueAt'],
    [
      'an invalid date',
      [
        { amountCents: 4_000, dueAt: new Date('nope') },
        { amountCents: 6_000, dueAt: at(2) },
      ],
      'installments.0.dueAt',
    ],
  ])('refuses %s', (_name, schedule, field) => {
    const result = validateSchedule(schedule, limits);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.fields)).toContain(field);
  });

  it('the first installment is due before an unpaid order expires; the last by the deadline', () => {
    const early = validateSchedule(lines([4_000, 15], [6_000, 20]), { ...limits, firstDueBy: at(14) });
    expect(early).toMatchObject({ ok: false, fields: { 'installments.0.dueAt': expect.stringMatching(/unpaid order expires/) } });
    const late = validateSchedule(lines([4_000, 1], [6_000, 11]), { ...limits, lastDueBy: at(10) });
    expect(late).toMatchObject({ ok: false, fields: { 'installments.1.dueAt': expect.stringMatching(/deadline/) } });
  });
});

describe('transitions', () => {
  it.each([
    ['pay', 'pending', 'paid'],
    ['pay', 'overdue', 'paid'],
    ['mark_overdue', 'pending', 'overdue'],
    ['cancel', 'pending', 'canceled'],
    ['cancel', 'overdue', 'canceled'],
  ] as const)('installment %s from %s -> %s', (transition, from, to) => {
    expect(decideInstallmentTransition(transition, from)).toEqual({ ok: true, to });
  });

  it.each([
    ['pay', 'paid'],
    ['pay', 'canceled'],
    ['mark_overdue', 'overdue'],
    ['mark_overdue', 'paid'],
    ['cancel', 'paid'],
  ] as const)('installment %s from %s is refused', (transition, from) => {
    expect(decideInstallmentTransition(transition, from)).toMatchObject({ ok: false, reason: 'wrong_status' });
  });

  it('plans: staff or the system cancel an active plan, only the system completes one, nothing leaves a closed plan', () => {
    expect(decidePlanTransition('cancel', 'active', 'staff')).toEqual({ ok: true, to: 'canceled' });
    expect(decidePlanTransition('cancel', 'active', 'system')).toEqual({ ok: true, to: 'canceled' });
    expect(decidePlanTransition('complete', 'active', 'system')).toEqual({ ok: true, to: 'completed' });
    expect(decidePlanTransition('complete', 'active', 'staff')).toMatchObject({ ok: false, reason: 'not_allowed_for_role' });
    expect(decidePlanTransition('cancel', 'completed', 'staff')).toMatchObject({ ok: false, reason: 'wrong_status' });
    expect(decidePlanTransition('cancel', 'canceled', 'system')).toMatchObject({ ok: false, reason: 'wrong_status' });
  });
});

describe('nextToPay, isOverdue, unpaidCents, closingOf', () => {
  const plan = (...statuses: InstallmentStatus[]) =>
    statuses.map((status, i) => ({ id: 100 + i, sequence: i + 1, status, amountCents: 1_000 * (i + 1) }));

  it('the next is the lowest unpaid sequence, whether pending or overdue', () => {
    expect(nextToPay(plan('pending', 'pending'))).toMatchObject({ ok: true, installment: { id: 100 } });
    expect(nextToPay(plan('paid', 'overdue', 'pending'))).toMatchObject({ ok: true, installment: { id: 101 } });
    expect(nextToPay([...plan('paid', 'pending', 'pending')].reverse())).toMatchObject({ ok: true, installment: { id: 101 } });
  });

  it('an installment named must be the next; a paid one and a finished plan are refused', () => {
    expect(nextToPay(plan('paid', 'pending'), 101)).toMatchObject({ ok: true, installment: { id: 101 } });
    expect(nextToPay(plan('pending', 'pending'), 101)).toMatchObject({
      ok: false,
      reason: 'not_next',
      message: expect.stringMatching(/installment 1 comes next/),
    });
    expect(nextToPay(plan('paid', 'pending'), 100)).toMatchObject({ ok: false, reason: 'already_paid' });
    expect(nextToPay(plan('paid', 'paid'))).toMatchObject({ ok: false, reason: 'nothing_left' });
    expect(nextToPay(plan('paid', 'canceled'))).toMatchObject({ ok: false, reason: 'nothing_left' });
  });

  it('overdue once the due time has passed, only when pending', () => {
    expect(isOverdue({ status: 'pending', dueAt: at(-0.001) }, now)).toBe(true);
    expect(isOverdue({ status: 'pending', dueAt: now }, now)).toBe(false);
    expect(isOverdue({ status: 'paid', dueAt: at(-1) }, now)).toBe(false);
    expect(isOverdue({ status: 'overdue', dueAt: at(-1) }, now)).toBe(false);
  });

  it('unpaid counts pending and overdue installments only', () => {
    expect(unpaidCents(plan('paid', 'overdue', 'pending', 'canceled'))).toBe(2_000 + 3_000);
  });

  it('a plan closes when its order is paid in full (completed) or cancelled (canceled), not while on hold or awaiting payment', () => {
    expect(closingOf({ status: 'ready_for_staffing', totalCents: 100, paidCents: 100 })).toBe('complete');
    expect(closingOf({ status: 'cancelled', totalCents: 100, paidCents: 40 })).toBe('cancel');
    expect(closingOf({ status: 'archived', totalCents: 100, paidCents: 0 })).toBe('cancel');
    expect(closingOf({ status: 'on_hold', totalCents: 100, paidCents: 40 })).toBeNull();
    expect(closingOf({ status: 'pending_payment', totalCents: 100, paidCents: 40 })).toBeNull();
  });
});
