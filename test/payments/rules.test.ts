import { describe, expect, it } from 'vitest';
import { decidePaymentTransition, dueReminder, formatReceiptNumber, ledgerKeyFor, payableAmount } from '../../src/payments/rules.js';

describe('payment transitions', () => {
  it.each([
    ['succeed', 'pending', 'card', 'system', 'succeeded'],
    ['succeed', 'failed', 'card', 'system', 'succeeded'],
    ['fail', 'pending', 'card', 'system', 'failed'],
    ['cancel', 'pending', 'card', 'client', 'cancelled'],
    ['approve', 'pending_approval', 'manual', 'admin', 'succeeded'],
    ['reject', 'pending_approval', 'manual', 'admin', 'rejected'],
  ] as const)('%s from %s (%s by %s) -> %s', (transition, from, method, role, to) => {
    expect(decidePaymentTransition({ transition, from, method, role })).toEqual({ ok: true, to });
  });

  it.each([
    ['succeed', 'pending', 'card', 'admin', 'not_allowed_for_role'],
    ['approve', 'pending_approval', 'manual', 'client', 'not_allowed_for_role'],
    ['approve', 'succeeded', 'manual', 'admin', 'wrong_status'],
    ['reject', 'rejected', 'manual', 'admin', 'wrong_status'],
    ['approve', 'pending', 'card', 'admin', 'wrong_method'],
    ['fail', 'succeeded', 'card', 'system', 'wrong_status'],
    ['cancel', 'succeeded', 'card', 'client', 'wrong_status'],
  ] as const)('%s from %s (%s by %s) is refused: %s', (transition, from, method, role, reason) => {
    const decision = decidePaymentTransition({ transition, from, method, role });
    expect(decision).toMatchObject({ ok: false, reason });
  });
});

describe('payableAmount', () => {
  it('defaults to what is owed, allows parts, refuses more, zero, negatives and fractions', () => {
    expect(payableAmount(5_000, undefined)).toEqual({ ok: true, amountCents: 5_000 });
    expect(payableAmount(5_000, 1)).toEqual({ ok: true, amountCents: 1 });
    expect(payableAmount(5_000, 5_000)).toEqual({ ok: true, amountCents: 5_000 });
    for (const bad of [5_001, 0, -1, 1.5, Number.NaN]) expect(payableAmount(5_000, bad).ok, String(bad)).toBe(false);
    expect(payableAmount(0, undefined)).toEqual({ ok: false, message: 'nothing is owed on this order' });
  });
});

describe('dueReminder', () => {
  const placed = new Date('2026-01-01T00:00:00Z');
  const at = (hours: number) => new Date(placed.getTime() + hours * 3_600_000);
  it('is the latest reminder whose time came and that was not sent', () => {
    expect(dueReminder(placed, at(23.9), [])).toBeNull();
    expect(dueReminder(placed, at(24), [])).toBe('24h');
    expect(dueReminder(placed, at(50), ['24h'])).toBeNull();
    expect(dueReminder(placed, at(72), ['24h'])).toBe('72h');
    expect(dueReminder(placed, at(100), [])).toBe('72h');
    expect(dueReminder(placed, at(100), ['72h'])).toBeNull();
  });
});

describe('receipt numbers and ledger keys', () => {
  it('formats receipt numbers and derives a ledger key from the request key when there is one', () => {
    expect(formatReceiptNumber(42)).toBe('R-000042');
    expect(formatReceiptNumber(1_234_567)).toBe('R-1234567');
    expect(ledgerKeyFor('order', '17:abc', 'x')).toBe('payment:order:req:17:abc');
    expect(ledgerKeyFor('order', undefined, 'uuid')).toBe('payment:order:uuid');
    expect(ledgerKeyFor('order', 'k'.repeat(300), 'x')).toHaveLength(200);
  });
});
