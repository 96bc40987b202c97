import { describe, expect, it } from 'vitest';
import {
  accountRefProblems,
  accountsOf,
  breaksFloor,
  canonicalJson,
  floorFor,
  inputHash,
  lockOrder,
  MAX_POSTINGS,
  mirrorPostings,
  netChanges,
  planEntries,
  postingProblems,
  type HashedInput,
  type Posting,
} from '../../src/ledger/rules.js';

const wallet = (ownerId = 7) => ({ kind: 'client_wallet' as const, ownerId });
const escrow = (ownerId = 42) => ({ kind: 'order_escrow' as const, ownerId });
const payment: Posting = { from: wallet(), to: escrow(), amountCents: 1500 };

describe('owners', () => {
  it('owned kinds need a positive owner id; the others refuse one', () => {
    expect(accountRefProblems(wallet(), 'a')).toEqual({});
    expect(accountRefProblems({ kind: 'client_wallet' }, 'a')).toHaveProperty(['a.ownerId']);
    expect(accountRefProblems({ kind: 'order_escrow', ownerId: 0 }, 'a')).toHaveProperty(['a.ownerId']);
    expect(accountRefProblems({ kind: 'writer_payable', ownerId: 1.5 }, 'a')).toHaveProperty(['a.ownerId']);
    expect(accountRefProblems({ kind: 'platform_revenue' }, 'a')).toEqual({});
    expect(accountRefProblems({ kind: 'platform_revenue', ownerId: 3 }, 'a')).toEqual({ 'a.ownerId': 'platform_revenue has no owner' });
    expect(accountRefProblems({ kind: 'nope' as never }, 'a')).toHaveProperty(['a.kind']);
  });
});

describe('floors', () => {
  it('client wallet and escrow stop at 0; external and income accounts have none', () => {
    expect(floorFor('client_wallet', 'order_payment_wallet')).toBe(0);
    expect(floorFor('order_escrow', 'refund_wallet')).toBe(0);
    for (const kind of [
      'stripe_clearing',
      'manual_clearing',
      'payouts_clearing',
      'loyalty_expense',
      'marketing_expense',
      'adjustments',
      'fines_income',
      'platform_revenue',
    ] as const) {
      expect(floorFor(kind, 'adjustment')).toBeNull();
    }
  });

  it('a writer payable goes negative only through a fine or an advance, never a payout', () => {
    expect(floorFor('writer_payable', 'fine')).toBeNull();
    expect(floorFor('writer_payable', 'advance')).toBeNull();
    expect(floorFor('writer_payable', 'payout')).toBe(0);
    expect(breaksFloor('writer_payable', 'payout', 1000, -1)).toBe(true);
    expect(breaksFloor('writer_payable', 'fine', 1000, -5000)).toBe(false);
  });

  it('only a decrease breaks a floor: an account below it may still receive money', () => {
    expect(breaksFloor('client_wallet', 'order_payment_wallet', 100, 0)).toBe(false);
    expect(breaksFloor('client_wallet', 'order_payment_wallet', 100, -1)).toBe(true);
    expect(breaksFloor('writer_payable', 'tip', -500, -400)).toBe(false);
    expect(breaksFloor('stripe_clearing', 'wallet_topup_card', 0, -1_000_000)).toBe(false);
  });
});

describe('posting lists', () => {
  it('accepts positive whole amounts between two different accounts', () => {
    expect(postingProblems([payment])).toEqual({});
  });

  it('names each bad field', () => {
    expect(postingProblems([])).toEqual({ postings: 'must list at least one posting' });
    expect(postingProblems(Array.from({ length: MAX_POSTINGS + 1 }, () => payment))).toHaveProperty('postings');
    expect(postingProblems([{ ...payment, amountCents: 0 }])).toHaveProperty(['postings.0.amountCents']);
    expect(postingProblems([{ ...payment, amountCents: -5 }])).toHaveProperty(['postings.0.amountCents']);
    expect(postingProblems([{ ...payment, amountCents: 10.5 }])).toHaveProperty(['postings.0.amountCents']);
    expect(postingProblems([payment, { from: wallet(), to: wallet(), amountCents: 1 }])).toHaveProperty(['postings.1']);
    expect(postingProblems([{ from: wallet(), to: { kind: 'order_escrow' }, amountCents: 1 }])).toHaveProperty(['postings.0.to.ownerId']);
  });
});

describe('entries, accounts and lock order', () => {
  const completion: Posting[] = [
    { from: escrow(), to: { kind: 'writer_payable', ownerId: 9 }, amountCents: 600 },
    { from: escrow(), to: { kind: 'platform_revenue' }, amountCents: 900 },
  ];

  it('every posting gives a credit and a debit, credits first, and they sum to zero', () => {
    const plan = planEntries(completion);
    expect(plan.map((e) => e.amountCents)).toEqual([600, 900, -600, -900]);
    expect(plan.reduce((s, e) => s + e.amountCents, 0)).toBe(0);
    expect(netChanges(plan)).toEqual(
      new Map([
        ['writer_payable:9', 600],
        ['platform_revenue:0', 900],
        ['order_escrow:42', -1500],
      ]),
    );
  });

  it('lists each account once in a canonical order, and locks in ascending id', () => {
    expect(accountsOf(completion).map((a) => `${a.kind}:${a.ownerId ?? 0}`)).toEqual([
      'order_escrow:42',
      'platform_revenue:0',
      'writer_payable:9',
    ]);
    expect(accountsOf([...completion].reverse())).toEqual(accountsOf(completion));
    expect(lockOrder([30, 4, 12, 4])).toEqual([4, 12, 30]);
  });

  it('a mirror turns every posting around', () => {
    expect(mirrorPostings([payment])).toEqual([{ from: escrow(), to: wallet(), amountCents: 1500 }]);
  });
});

describe('input hash', () => {
  const input: HashedInput = {
    websiteId: 1,
    currency: 'USD',
    kind: 'order_payment_wallet',
    reference: { type: 'order', id: '42' },
    memo: 'Order 42',
    postings: [payment],
  };

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe(canonicalJson({ a: [{ c: null, d: 2 }], b: 1 }));
  });

  it('is stable, ignores posting order and an absent vs null owner, and changes with any field', () => {
    const hash = inputHash(input);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(inputHash({ ...input })).toBe(hash);
    const two = [payment, { from: { kind: 'stripe_clearing' as const }, to: wallet(), amountCents: 5 }];
    expect(inputHash({ ...input, postings: two })).toBe(inputHash({ ...input, postings: [...two].reverse() }));
    const nullOwner = [{ from: { kind: 'stripe_clearing' as const, ownerId: null }, to: wallet(), amountCents: 5 }];
    expect(inputHash({ ...input, postings: nullOwner })).toBe(inputHash({ ...input, postings: [two[1]!] }));
    expect(inputHash({ ...input, memo: 'other' })).not.toBe(hash);
    expect(inputHash({ ...input, postings: [{ ...payment, amountCents: 1501 }] })).not.toBe(hash);
    expect(inputHash({ ...input, reference: { type: 'order', id: '43' } })).not.toBe(hash);
    expect(inputHash({ ...input, currency: 'EUR' })).not.toBe(hash);
  });
});
