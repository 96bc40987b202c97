import { describe, expect, it } from 'vitest';
import { afterIntentFailure, intentMetadata, intentMismatch, paymentIdOf } from '../../src/payments/card/rules.js';

const payment = { id: 7, websiteId: 1, amountCents: 4_500, currency: 'USD' };
const intent = {
  id: 'pi_1',
  amount: 4_500,
  amount_received: 4_500,
  currency: 'usd',
  status: 'succeeded',
  metadata: { websiteId: '1', paymentId: '7' },
};

describe('intentMismatch', () => {
  it('accepts an intent that agrees in amount, currency (any case), website and payment', () => {
    expect(intentMismatch(payment, intent)).toBeNull();
    expect(intentMismatch(payment, { ...intent, status: 'requires_payment_method', amount_received: 0 })).toBeNull();
    expect(intentMismatch(payment, { ...intent, metadata: {} })).toBeNull();
  });

  it.each([
    ['amount asked', { amount: 4_400 }, '4400 cents'],
    ['amount received', { amount_received: 100 }, 'received 100'],
    ['currency', { currency: 'eur' }, 'EUR'],
    ['website', { metadata: { websiteId: '2', paymentId: '7' } }, 'website 2'],
    ['payment', { metadata: { websiteId: '1', paymentId: '8' } }, 'payment 8'],
  ])('refuses another %s', (_what, patch, words) => {
    expect(intentMismatch(payment, { ...intent, ...patch })).toContain(words);
  });
});

describe('paymentIdOf', () => {
  it('reads a positive whole id and nothing else', () => {
    expect(paymentIdOf({ paymentId: '42' })).toBe(42);
    const bad: Array<Record<string, string> | null | undefined> = [
      {},
      { paymentId: '0' },
      { paymentId: '-1' },
      { paymentId: '4.2' },
      { paymentId: 'x' },
      null,
      undefined,
    ];
    for (const metadata of bad) expect(paymentIdOf(metadata)).toBeNull();
  });
});

describe('afterIntentFailure', () => {
  it('keeps the payment only when Stripe gave no answer and the client can retry with the same key', () => {
    expect(afterIntentFailure({ answered: false, resumable: true })).toBe('keep');
    expect(afterIntentFailure({ answered: false, resumable: false })).toBe('cancel');
    expect(afterIntentFailure({ answered: true, resumable: true })).toBe('cancel');
    expect(afterIntentFailure({ answered: true, resumable: false })).toBe('cancel');
  });
});

describe('intentMetadata', () => {
  it('names the website, payment, purpose and what is paid, as strings', () => {
    expect(intentMetadata({ id: 3, websiteId: 1, purpose: 'order', orderId: 9, deadlineChangeId: null })).toEqual({
      websiteId: '1',
      paymentId: '3',
      purpose: 'order',
      orderId: '9',
    });
    expect(intentMetadata({ id: 4, websiteId: 2, purpose: 'wallet_topup', orderId: null })).toEqual({
      websiteId: '2',
      paymentId: '4',
      purpose: 'wallet_topup',
    });
    expect(intentMetadata({ id: 5, websiteId: 1, purpose: 'deadline_change', orderId: 9, deadlineChangeId: 11 })).toMatchObject({
      deadlineChangeId: '11',
    });
    expect(intentMetadata({ id: 6, websiteId: 1, purpose: 'installment', orderId: 9, installmentId: 12 })).toEqual({
      websiteId: '1',
      paymentId: '6',
      purpose: 'installment',
      orderId: '9',
      installmentId: '12',
    });
    expect(intentMetadata({ id: 7, websiteId: 1, purpose: 'revision', orderId: 9, revisionId: 13 })).toMatchObject({ revisionId: '13' });
  });
});
