import { randomBytes } from 'node:crypto';

/**
 * The state and the API semantics of the fake Stripe (test/support/fake-stripe.ts): payment
 * intents, charges, refunds and disputes as plain Stripe-shaped objects, and the events Stripe
 * would send for each change. Only what our code calls is modelled, with Stripe's rules where they
 * matter for money: a refund never exceeds what remains refundable on the charge.
 */
export type StripeObject = Record<string, unknown> & { id: string; object: string };
export type Params = Record<string, unknown>;

/** A Stripe API error: answered as `{ error: { type, code, message, param } }` with `status`. */
export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(): { error: Record<string, unknown> } {
    return { error: { type: this.type, message: this.message, ...(this.code ? { code: this.code } : {}), ...this.extra } };
  }
}

const invalid = (message: string, code?: string, param?: string) =>
  new FakeStripeError(400, 'invalid_request_error', message, code, param ? { param } : {});

export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const now = () => Math.floor(Date.now() / 1000);

/** Test payment methods that fail, with the decline code Stripe gives for each. */
const DECLINING_METHODS: Record<string, string> = {
  pm_card_chargeDeclined: 'generic_decline',
  pm_card_chargeDeclinedInsufficientFunds: 'insufficient_funds',
  pm_card_chargeDeclinedExpiredCard: 'expired_card',
};
const CANCELABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture', 'processing']);
const CONFIRMABLE = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action']);
/** Stripe's minimum charge is about 50 cents in most currencies. */
const MIN_AMOUNT = 50;

function positiveInteger(value: unknown, param: string, required: boolean): number | undefined {
  if (value === undefined || value === '') {
    if (required) throw invalid(`Missing required param: ${param}.`, 'parameter_missing', param);
    return undefined;
  }
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || !Number.isSafeInteger(n) || n <= 0) {
    throw invalid(`Invalid positive integer`, 'parameter_invalid_integer', param);
  }
  return n;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === undefined || value === '') return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('Invalid hash', 'parameter_invalid_empty', 'metadata');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export class FakeStripeState {
  readonly paymentIntents = new Map<string, StripeObject>();
  readonly charges = new Map<string, StripeObject>();
  readonly refunds = new Map<string, StripeObject>();
  /** Every event Stripe would have sent, in the order the changes happened. */
  readonly events: StripeObject[] = [];

  emit(type: string, object: StripeObject, requestIdempotencyKey?: string): StripeObject {
    const event: StripeObject = {
      id: newId('evt'),
      object: 'event',
      api_version: null,
      created: now(),
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: requestIdempotencyKey ? newId('req') : null, idempotency_key: requestIdempotencyKey ?? null },
      type,
    };
    this.events.push(event);
    return event;
  }

  paymentIntent(id: string): StripeObject {
    const intent = this.paymentIntents.get(id);
    if (!intent)
      throw new FakeStripeError(404, 'invalid_request_error', `No such payment_intent: '${id}'`, 'resource_missing', { param: 'intent' });
    return intent;
  }

  charge(id: string): StripeObject {
    const charge = this.charges.get(id);
    if (!charge) throw new FakeStripeError(404, 'invalid_request_error', `No such charge: '${id}'`, 'resource_missing', { param: 'id' });
    return charge;
  }

  refund(id: string): StripeObject {
    const refund = this.refunds.get(id);
    if (!refund) throw new FakeStripeError(404, 'invalid_request_error', `No such refund: '${id}'`, 'resource_missing', { param: 'id' });
    return refund;
  }

  createPaymentIntent(params: Params, key?: string): StripeObject {
    const amount = positiveInteger(params.amount, 'amount', true)!;
    const currency = String(params.currency ?? '').toLowerCase();
    if (!currency) throw invalid('Missing required param: currency.', 'parameter_missing', 'currency');
    if (!/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency}.`, 'parameter_invalid_string', 'currency');
    if (amount < MIN_AMOUNT) throw invalid(`Amount must be at least ${MIN_AMOUNT} cents`, 'amount_too_small', 'amount');
    const id = newId('pi');
    const paymentMethod = typeof params.payment_method === 'string' ? params.payment_method : null;
    const intent: StripeObject = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency,
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
      client_secret: `${id}_secret_${randomBytes(12).toString('hex')}`,
      capture_method: 'automatic',
      confirmation_method: 'automatic',
      payment_method_types: ['card'],
      payment_method: paymentMethod,
      latest_charge: null,
      last_payment_error: null,
      canceled_at: null,
      cancellation_reason: null,
      description: typeof params.description === 'string' ? params.description : null,
      metadata: stringMap(params.metadata),
      created: now(),
      livemode: false,
    };
    this.paymentIntents.set(id, intent);
    this.emit('payment_intent.created', intent, key);
    if (params.confirm === 'true' || params.confirm === true) return this.confirmPaymentIntent(id, {}, key);
    return intent;
  }

  /** Confirms with the given (or attached) test payment method: pm_card_visa succeeds, the declining ones fail. */
  confirmPaymentIntent(id: string, params: Params, key?: string): StripeObject {
    const intent = this.paymentIntent(id);
    const status = String(intent.status);
    if (!CONFIRMABLE.has(status)) {
      throw invalid(
        `You cannot confirm this PaymentIntent because it has a status of ${status}.`,
        'payment_intent_unexpected_state',
        undefined,
      );
    }
    const method = typeof params.payment_method === 'string' ? params.payment_method : (intent.payment_method as string | null);
    if (!method)
      throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", 'payment_intent_unexpected_state');
    intent.payment_method = method;
    const declineCode = DECLINING_METHODS[method];
    if (declineCode) {
      const error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: declineCode,
        message: 'Your card was declined.',
        payment_method: { id: method },
      };
      Object.assign(intent, { status: 'requires_payment_method', last_payment_error: error });
      this.emit('payment_intent.payment_failed', intent, key);
      throw new FakeStripeError(402, 'card_error', 'Your card was declined.', 'card_declined', {
        decline_code: declineCode,
        payment_intent: structuredClone(intent),
      });
    }
    return this.chargeIntent(intent, key);
  }

  /** The payment succeeds: a charge for the whole amount, the intent succeeded, the events Stripe sends. */
  chargeIntent(intent: StripeObject, key?: string): StripeObject {
    const charge: StripeObject = {
      id: newId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      currency: intent.currency,
      captured: true,
      paid: true,
      refunded: false,
      disputed: false,
      status: 'succeeded',
      payment_intent: intent.id,
      payment_method: intent.payment_method ?? 'pm_card_visa',
      metadata: structuredClone(intent.metadata),
      created: now(),
      livemode: false,
    };
    this.charges.set(charge.id, charge);
    Object.assign(intent, { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, last_payment_error: null });
    this.emit('charge.succeeded', charge, key);
    this.emit('payment_intent.succeeded', intent, key);
    return intent;
  }

  cancelPaymentIntent(id: string, params: Params, key?: string): StripeObject {
    const intent = this.paymentIntent(id);
    if (!CANCELABLE.has(String(intent.status))) {
      throw invalid(
        `You cannot cancel this PaymentIntent because it has a status of ${String(intent.status)}.`,
        'payment_intent_unexpected_state',
      );
    }
    Object.assign(intent, { status: 'canceled', canceled_at: now(), cancellation_reason: params.cancellation_reason ?? null });
    this.emit('payment_intent.canceled', intent, key);
    return intent;
  }

  /** The charge a refund or dispute is about: given directly, or the intent's successful charge. */
  chargeOf(params: Params): StripeObject {
    if (typeof params.charge === 'string') return this.charge(params.charge);
    if (typeof params.payment_intent !== 'string')
      throw invalid('One of `charge` or `payment_intent` is required.', 'parameter_missing', 'payment_intent');
    const intent = this.paymentIntent(params.payment_intent);
    if (intent.status !== 'succeeded' || !intent.latest_charge) {
      throw invalid(
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'charge_not_refundable',
        'payment_intent',
      );
    }
    return this.charge(String(intent.latest_charge));
  }

  createRefund(params: Params, key?: string): StripeObject {
    const charge = this.chargeOf(params);
    const remaining = Number(charge.amount) - Number(charge.amount_refunded);
    if (remaining === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    const amount = positiveInteger(params.amount, 'amount', false) ?? remaining;
    if (amount > remaining) {
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount_too_large', 'amount');
    }
    const refund: StripeObject = {
      id: newId('re'),
      object: 'refund',
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      status: 'succeeded',
      reason: params.reason ?? null,
      metadata: stringMap(params.metadata),
      created: now(),
    };
    this.refunds.set(refund.id, refund);
    const refunded = Number(charge.amount_refunded) + amount;
    Object.assign(charge, { amount_refunded: refunded, refunded: refunded === Number(charge.amount) });
    this.emit('refund.created', refund, key);
    this.emit('charge.refunded', charge, key);
    return refund;
  }

  createDispute(params: Params): StripeObject {
    const charge = this.chargeOf(params);
    const dispute: StripeObject = {
      id: newId('dp'),
      object: 'dispute',
      amount: positiveInteger(params.amount, 'amount', false) ?? Number(charge.amount) - Number(charge.amount_refunded),
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: params.reason ?? 'fraudulent',
      status: 'needs_response',
      metadata: {},
      created: now(),
      livemode: false,
    };
    charge.disputed = true;
    this.emit('charge.dispute.created', dispute);
    return dispute;
  }
}
