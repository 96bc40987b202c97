import { describe, expect, it } from 'vitest';
import {
  cancellationSettlement,
  cardRefundableCents,
  decideRefundTransition,
  REFUND_STATUSES,
  refundableCents,
  refundSourceAccount,
  reservedCents,
  splitRefund,
  type RefundFigures,
  type RefundStatus,
} from '../../src/payments/refunds/rules.js';

const refund = (status: RefundStatus, amountCents: number, parts: Partial<RefundFigures> = {}): RefundFigures => ({
  status,
  amountCents,
  walletCents: amountCents,
  cardCents: 0,
  paymentId: null,
  ...parts,
});

describe('refund transitions', () => {
  it.each([
    ['approve', 'pending', 'admin', 'approved'],
    ['approve', 'pending', 'system', 'approved'],
    ['reject', 'pending', 'admin', 'rejected'],
    ['start_card', 'approved', 'admin', 'processing'],
    ['complete', 'approved', 'admin', 'processed'],
    ['complete', 'processing', 'system', 'processed'],
    ['fail', 'processing', 'system', 'failed'],
    ['reconcile', 'failed', 'system', 'processed'],
  ] as const)('%s from %s by %s -> %s', (transition, from, role, to) => {
    expect(decideRefundTransition({ transition, from, role })).toEqual({ ok: true, to });
  });

  it('lets support ask but never decide', () => {
    for (const transition of ['approve', 'reject', 'complete'] as const) {
      expect(decideRefundTransition({ transition, from: 'pending', role: 'support' })).toMatchObject({
        ok: false,
        reason: 'not_allowed_for_role',
      });
    }
  });

  it('refuses every move from a final status, and a second approval', () => {
    for (const from of ['processed', 'rejected'] as const) {
      for (const transition of ['approve', 'reject', 'start_card', 'complete', 'fail'] as const) {
        expect(decideRefundTransition({ transition, from, role: 'admin' })).toMatchObject({ ok: false, reason: 'wrong_status' });
      }
    }
    expect(decideRefundTransition({ transition: 'approve', from: 'approved', role: 'admin' })).toMatchObject({
      ok: false,
      reason: 'wrong_status',
    });
    expect(decideRefundTransition({ transition: 'reject', from: 'processing', role: 'admin' })).toMatchObject({ ok: false });
    expect(decideRefundTransition({ transition: 'reconcile', from: 'failed', role: 'admin' })).toMatchObject({
      ok: false,
      reason: 'not_allowed_for_role',
    });
  });
});

describe('what remains refundable', () => {
  it.each<[string, RefundFigures, number]>([
    ['pending reserves all', refund('pending', 300), 300],
    ['approved reserves all', refund('approved', 300), 300],
    ['processing reserves all', refund('processing', 300, { walletCents: 100, cardCents: 200 }), 300],
    ['processed counts all', refund('processed', 300), 300],
    ['rejected gives all back', refund('rejected', 300), 0],
    ['failed keeps only the wallet part it posted', refund('failed', 300, { walletCents: 100, cardCents: 200 }), 100],
  ])('%s', (_name, r, reserved) => {
    expect(reservedCents(r)).toBe(reserved);
  });

  it('is what was paid minus forfeits minus refunds processed or in flight, never below 0', () => {
    const refunds = [refund('processed', 1_000), refund('pending', 500), refund('rejected', 2_000)];
    expect(refundableCents({ paidCents: 5_000, forfeitedCents: 0, refunds })).toBe(3_500);
    expect(refundableCents({ paidCents: 5_000, forfeitedCents: 1_000, refunds })).toBe(2_500);
    expect(refundableCents({ paidCents: 1_000, forfeitedCents: 800, refunds })).toBe(0);
    expect(refundableCents({ paidCents: 0, forfeitedCents: 0, refunds: [] })).toBe(0);
  });

  it('to a card: what the card took minus the card parts against it (other payments do not count)', () => {
    const refunds = [
      refund('processed', 300, { walletCents: 0, cardCents: 300, paymentId: 7 }),
      refund('processing', 500, { walletCents: 300, cardCents: 200, paymentId: 7 }),
      refund('failed', 400, { walletCents: 0, cardCents: 400, paymentId: 7 }),
      refund('pending', 900, { walletCents: 0, cardCents: 900, paymentId: 8 }),
    ];
    expect(cardRefundableCents({ paymentId: 7, amountCents: 1_000, refunds })).toBe(500);
  });

  it('every status is covered', () => {
    for (const status of REFUND_STATUSES) expect(reservedCents(refund(status, 10))).toBeGreaterThanOrEqual(0);
  });
});

describe('splitting a refund', () => {
  it.each([
    [
      { amountCents: 1_000, destination: 'wallet', cardAvailableCents: 0 },
      { walletCents: 1_000, cardCents: 0 },
    ],
    [
      { amountCents: 1_000, destination: 'card', cardAvailableCents: 1_000 },
      { walletCents: 0, cardCents: 1_000 },
    ],
    [
      { amountCents: 1_000, destination: 'split', cardCents: 400, cardAvailableCents: 1_000 },
      { walletCents: 600, cardCents: 400 },
    ],
    [
      { amountCents: 1_000, destination: 'split', walletCents: 250, cardAvailableCents: 1_000 },
      { walletCents: 250, cardCents: 750 },
    ],
    [
      { amountCents: 1_000, destination: 'split', walletCents: 300, cardCents: 700, cardAvailableCents: 700 },
      { walletCents: 300, cardCents: 700 },
    ],
  ] as const)('%j -> %j', (input, parts) => {
    expect(splitRefund(input)).toEqual({ ok: true, ...parts });
  });

  it.each([
    [{ amountCents: 1_000, destination: 'card', cardAvailableCents: 999 }, 'destination'],
    [{ amountCents: 1_000, destination: 'card', cardAvailableCents: 0 }, 'destination'],
    [{ amountCents: 1_000, destination: 'split', cardCents: 800, cardAvailableCents: 500 }, 'cardCents'],
    [{ amountCents: 1_000, destination: 'split', walletCents: 300, cardCents: 600, cardAvailableCents: 1_000 }, 'walletCents'],
    [{ amountCents: 1_000, destination: 'split', cardCents: 1_000, cardAvailableCents: 1_000 }, 'walletCents'],
    [{ amountCents: 1_000, destination: 'split', cardAvailableCents: 1_000 }, 'cardCents'],
    [{ amountCents: 1_000, destination: 'wallet', cardCents: 5, cardAvailableCents: 1_000 }, 'cardCents'],
  ] as const)('refuses %j naming %s', (input, field) => {
    expect(splitRefund(input)).toMatchObject({ ok: false, field });
  });
});

describe('source account and cancellation', () => {
  it('pays from the escrow before completion, from revenue after', () => {
    expect(refundSourceAccount({ completedAt: null })).toBe('order_escrow');
    expect(refundSourceAccount({ completedAt: new Date() })).toBe('platform_revenue');
  });

  it.each([
    // decided refund/forfeit, refundable, escrow -> executed
    [8_000, 2_000, 10_000, 10_000, 8_000, 2_000],
    // an earlier refund of 3,000 comes out of the client's part
    [8_000, 2_000, 7_000, 7_000, 5_000, 2_000],
    [8_000, 2_000, 1_000, 1_000, 0, 1_000],
    // a payment recorded before the ledger: nothing in escrow, nothing moves
    [8_000, 2_000, 10_000, 0, 0, 0],
    [0, 0, 10_000, 10_000, 0, 0],
  ])('refund %i forfeit %i (refundable %i, escrow %i) -> refund %i forfeit %i', (refundCents, forfeitCents, refundable, escrow, r, f) => {
    expect(cancellationSettlement({ refundCents, forfeitCents, refundableCents: refundable, escrowCents: escrow })).toEqual({
      refundCents: r,
      forfeitCents: f,
    });
  });
});
