import { describe, expect, it } from 'vitest';
import { onStripeEvent, stripeEventHandlers, handledStripeEventTypes } from '../../src/payments/stripe-events/registry.js';
import {
  errorText,
  isFinished,
  objectIdOf,
  STRIPE_EVENT_STATUSES,
  STRIPE_EVENT_TRANSITIONS,
  websiteIdOf,
} from '../../src/payments/stripe-events/rules.js';

const event = (object: unknown) => ({ id: 'evt_1', type: 'payment_intent.succeeded', created: 1, data: { object } });

describe('stripe event rules', () => {
  it('reads the website from metadata.websiteId only when it is a positive whole number', () => {
    expect(websiteIdOf(event({ id: 'pi_1', metadata: { websiteId: '12' } }))).toBe(12);
    expect(websiteIdOf(event({ id: 'pi_1', metadata: { websiteId: 7 } }))).toBe(7);
    for (const bad of ['0', '-1', '1.5', '12abc', '', ' 1', '99999999999999999999']) {
      expect(websiteIdOf(event({ id: 'pi_1', metadata: { websiteId: bad } })), bad).toBeNull();
    }
    expect(websiteIdOf(event({ id: 'dp_1' }))).toBeNull();
    expect(websiteIdOf(event(null))).toBeNull();
    expect(websiteIdOf({ id: 'evt', type: 'x', created: 1 })).toBeNull();
  });

  it('reads the object id', () => {
    expect(objectIdOf(event({ id: 'ch_1' }))).toBe('ch_1');
    expect(objectIdOf(event({ id: 5 }))).toBeNull();
    expect(objectIdOf(event('x'))).toBeNull();
  });

  it('finishes only processed and ignored events; failed ones can be retried', () => {
    expect(STRIPE_EVENT_STATUSES.filter(isFinished)).toEqual(['processed', 'ignored']);
    expect(STRIPE_EVENT_TRANSITIONS.failed).toContain('processed');
    expect(STRIPE_EVENT_TRANSITIONS.received).toContain('failed');
  });

  it('keeps a bounded error text with its code', () => {
    expect(errorText(Object.assign(new Error('boom'), { code: 'E_LEDGER' }))).toBe('Error: boom (E_LEDGER)');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(new Error('x'.repeat(5_000))).length).toBe(2_000);
  });
});

describe('stripe event registry', () => {
  it('registers handlers per type in order, once per function, and removes them', async () => {
    const a = async () => undefined;
    const b = async () => 'ignored' as const;
    const offA = onStripeEvent('charge.refunded', a);
    onStripeEvent('charge.refunded', a);
    const offB = onStripeEvent('charge.refunded', b);
    expect(stripeEventHandlers('charge.refunded')).toEqual([a, b]);
    expect(handledStripeEventTypes()).toContain('charge.refunded');
    offA();
    expect(stripeEventHandlers('charge.refunded')).toEqual([b]);
    offB();
    expect(stripeEventHandlers('charge.refunded')).toEqual([]);
    expect(handledStripeEventTypes()).not.toContain('charge.refunded');
  });
});
