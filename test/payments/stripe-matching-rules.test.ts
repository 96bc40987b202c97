import { describe, expect, it } from 'vitest';
import { intentSearchQuery, openIntentAction } from '../../src/payments/card/rules.js';
import { matchStripeRefunds, type AwaitingCardRefund, type StripeRefundFacts } from '../../src/payments/refunds/rules.js';

/** Pure rules of the card cleanup job and of charge.refunded matching (no database). */

const ours = (id: number, patch: Partial<AwaitingCardRefund> = {}): AwaitingCardRefund => ({
  id,
  status: 'processing',
  cardCents: 500,
  stripeRefundId: null,
  ...patch,
});
const atStripe = (id: string, patch: Partial<StripeRefundFacts> = {}): StripeRefundFacts => ({
  id,
  amount: 500,
  status: 'succeeded',
  refundId: null,
  ...patch,
});

describe('matchStripeRefunds', () => {
  it('matches by the stored Stripe id first, else by metadata.refundId — never by amount', () => {
    const { matches, disagreements } = matchStripeRefunds(
      [ours(1, { stripeRefundId: 're_a' }), ours(2), ours(3)],
      [atStripe('re_a'), atStripe('re_b', { refundId: '2' }), atStripe('re_dashboard')],
    );
    expect(matches.map((m) => [m.refund.id, m.stripeRefundId])).toEqual([
      [1, 're_a'],
      [2, 're_b'],
    ]);
    expect(disagreements).toEqual([]);
  });

  it('confirms only succeeded Stripe refunds, and only processing or failed refunds of ours', () => {
    const { matches } = matchStripeRefunds(
      [ours(1), ours(2, { status: 'failed' }), ours(3, { status: 'processed' }), ours(4, { status: 'approved' })],
      [
        atStripe('re_1', { refundId: '1', status: 'pending' }),
        atStripe('re_2', { refundId: '2' }),
        atStripe('re_3', { refundId: '3' }),
        atStripe('re_4', { refundId: '4' }),
      ],
    );
    expect(matches.map((m) => m.refund.id)).toEqual([2]);
  });

  it('refuses a disagreeing amount or a Stripe refund naming another refund, and says why', () => {
    const { matches, disagreements } = matchStripeRefunds(
      [ours(1), ours(2, { stripeRefundId: 're_x' })],
      [atStripe('re_1', { refundId: '1', amount: 499 }), atStripe('re_x', { refundId: '9' })],
    );
    expect(matches).toEqual([]);
    expect(disagreements).toEqual([expect.stringContaining('499 cents'), expect.stringContaining('names refund 9')]);
  });

  it('one Stripe refund confirms one refund of ours; a second Stripe refund naming the same one is reported', () => {
    const { matches, disagreements } = matchStripeRefunds(
      [ours(1, { stripeRefundId: 're_first' })],
      [atStripe('re_first', { refundId: '1' }), atStripe('re_second', { refundId: '1' })],
    );
    expect(matches.map((m) => m.stripeRefundId)).toEqual(['re_first']);
    expect(disagreements).toEqual([expect.stringContaining('re_second also names refund 1')]);
  });

  it('matches nothing from an empty list', () => {
    expect(matchStripeRefunds([ours(1)], [])).toEqual({ matches: [], disagreements: [] });
  });
});

describe('openIntentAction', () => {
  it.each([
    ['succeeded', 'record_success'],
    ['canceled', 'record_cancel'],
    ['requires_payment_method', 'cancel_at_stripe'],
    ['requires_confirmation', 'cancel_at_stripe'],
    ['requires_action', 'cancel_at_stripe'],
    ['processing', 'wait'],
    ['requires_capture', 'wait'],
  ])('%s -> %s', (status, action) => {
    expect(openIntentAction(status)).toBe(action);
  });

  it('searches the intents by the metadata our code sets', () => {
    expect(intentSearchQuery({ id: 42, websiteId: 7 })).toBe("metadata['paymentId']:'42' AND metadata['websiteId']:'7'");
  });
});
