import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import Stripe from 'stripe';
import request from 'supertest';
import { STRIPE_WEBHOOK_PATH } from '../../src/payments/stripe-events/routes.js';
import { listRefunds, searchPaymentIntents } from './fake-stripe-lists.js';
import { FakeStripeError, FakeStripeState, newId, type Params, type StripeObject } from './fake-stripe-resources.js';

/**
 * A local fake of the Stripe API for tests (there is no usable Stripe mock offline): a node:http
 * server started on port 0 that the official SDK is pointed at through STRIPE_API_BASE. It
 * answers the endpoints we call (payment intents: create, retrieve, confirm, cancel, search;
 * refunds: create, retrieve, list; charges: retrieve) with Stripe-shaped objects and errors,
 * honours Idempotency-Key as Stripe does, can fail or delay the next calls, and signs webhook
 * events with the SDK's own test helper so our endpoint verifies them exactly as it verifies Stripe's.
 *
 *   const fake = await startFakeStripe();
 *   const t = await startTestApp({ env: fake.env() });
 *   …
 *   await fake.close();
 */
export type { StripeObject } from './fake-stripe-resources.js';

export interface FakeStripeRequest {
  method: string;
  path: string;
  /** The form-encoded body (a GET's query), decoded the way Stripe reads it (metadata[orderId]=7 -> { metadata: { orderId: '7' } }). */
  body: Params;
  idempotencyKey: string | null;
  /** Status answered (set once answered). */
  status?: number;
  /** True when the answer replayed an earlier result of the same idempotency key. */
  replayed?: boolean;
}

export interface FaultOptions {
  status?: number;
  /** Stripe error type: api_error (default), rate_limit_error, card_error, invalid_request_error … */
  type?: string;
  code?: string;
  message?: string;
  /** Only requests whose "METHOD /path" contains this string (or matches this RegExp) count. */
  match?: string | RegExp;
  /** Sets Stripe-Should-Retry, which the SDK obeys when retries are enabled. */
  shouldRetry?: boolean;
}

export interface SignedEvent {
  event: StripeObject;
  /** The exact JSON body to post: the signature covers these bytes. */
  payload: string;
  /** The Stripe-Signature header value. */
  header: string;
}

export interface DeliveryResult {
  status: number;
  body: unknown;
}

/** Our app (delivered in-process through supertest) or the full URL of a running webhook endpoint. */
export type WebhookTarget = Express | string;

interface Fault extends FaultOptions {
  remaining: number;
}
interface Delay {
  ms: number;
  match?: string | RegExp;
  remaining: number;
  /** Held until this settles instead of for `ms` (`ms` stays the longest wait, so a test never hangs). */
  until?: Promise<unknown>;
}
interface Stored {
  signature: string;
  status: number;
  body: unknown;
}

const matches = (rule: { match?: string | RegExp }, line: string) =>
  rule.match === undefined || (typeof rule.match === 'string' ? line.includes(rule.match) : rule.match.test(line));

/** Decodes a Stripe form body: nested brackets become objects, numeric brackets arrays. */
export function parseStripeForm(text: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const head = /^[^[]+/.exec(key)?.[0] ?? key;
    const path = [head, ...[...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: Record<string, unknown> = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
        return;
      }
      node[segment] ??= /^\d+$/.test(path[i + 1]!) ? [] : {};
      node = node[segment] as Record<string, unknown>;
    });
  }
  return root;
}

export class FakeStripe {
  readonly state = new FakeStripeState();
  /** Every API call received, in order. */
  readonly requests: FakeStripeRequest[] = [];
  /** Results of automatic deliveries (see autoDeliver), in order. */
  readonly deliveries: Array<DeliveryResult & { eventId: string; type: string }> = [];
  private readonly faults: Fault[] = [];
  private readonly delays: Delay[] = [];
  private readonly idempotent = new Map<string, Stored>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private autoTarget: WebhookTarget | null = null;
  private server!: http.Server;
  url = '';

  constructor(
    readonly secretKey: string,
    readonly webhookSecret: string,
  ) {}

  /** Configuration for startTestApp({ env }) pointing the app at this fake. */
  env(): { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string; STRIPE_API_BASE: string } {
    return { STRIPE_SECRET_KEY: this.secretKey, STRIPE_WEBHOOK_SECRET: this.webhookSecret, STRIPE_API_BASE: this.url };
  }

  /** Every event Stripe would have sent so far, oldest first. */
  get events(): StripeObject[] {
    return this.state.events;
  }

  eventsOf(type: string): StripeObject[] {
    return this.state.events.filter((e) => e.type === type);
  }

  /** The next `n` matching calls fail with this error without doing anything (default: 500 api_error). */
  failNext(n: number, options: FaultOptions = {}): void {
    this.faults.push({ ...options, remaining: n });
  }

  /**
   * The next `count` matching calls are carried out, but their answer is held back `ms` — longer
   * than the SDK's timeout, the caller sees a timeout although Stripe did the work (the hard case:
   * only a retry with the same idempotency key finds out what happened).
   */
  delayNext(ms: number, options: { match?: string | RegExp; count?: number } = {}): void {
    this.delays.push({ ms, match: options.match, remaining: options.count ?? 1 });
  }

  /** Waits (up to 5 s) until a call "METHOD /path" has reached the fake. */
  async waitForRequest(line: string): Promise<void> {
    for (let i = 0; i < 500 && !this.requests.some((r) => `${r.method} ${r.path}` === line); i += 1)
      await new Promise((r) => setTimeout(r, 10));
    if (!this.requests.some((r) => `${r.method} ${r.path}` === line)) throw new Error(`no call ${line} reached the fake Stripe`);
  }

  /**
   * The next matching call is carried out (its answer is what Stripe knew then) and its answer held
   * back until `release()` — so a test orders events by what happened, not by how long they take.
   */
  holdNext(match: string | RegExp): { release: () => void } {
    let release!: () => void;
    const until = new Promise<void>((resolve) => (release = resolve));
    this.delays.push({ ms: 30_000, match, remaining: 1, until });
    return { release };
  }

  /** While set, every event is posted to the target as Stripe would — before the API call that caused it answers. */
  autoDeliver(target: WebhookTarget | null): void {
    this.autoTarget = target;
  }

  /** The customer completes the payment in the browser (Stripe.js): the intent succeeds, its events go out. */
  async succeed(paymentIntentId: string): Promise<StripeObject> {
    return this.changing(() => this.state.confirmPaymentIntent(paymentIntentId, { payment_method: 'pm_card_visa' }));
  }

  /** The customer's card is declined in the browser: payment_intent.payment_failed goes out. */
  async decline(paymentIntentId: string, paymentMethod = 'pm_card_chargeDeclined'): Promise<StripeObject> {
    return this.changing(() => {
      try {
        this.state.confirmPaymentIntent(paymentIntentId, { payment_method: paymentMethod });
      } catch (err) {
        if (!(err instanceof FakeStripeError) || err.type !== 'card_error') throw err;
      }
      return this.state.paymentIntent(paymentIntentId);
    });
  }

  /** The cardholder disputes the payment of an intent (or a charge): charge.dispute.created goes out. */
  async dispute(id: string, amount?: number): Promise<StripeObject> {
    return this.changing(() => this.state.createDispute(id.startsWith('ch_') ? { charge: id, amount } : { payment_intent: id, amount }));
  }

  /** An event of any type around any object, signed now with the webhook secret. */
  webhookEvent(type: string, object: Record<string, unknown>, options: { id?: string; created?: number } = {}): SignedEvent {
    const event: StripeObject = {
      id: options.id ?? newId('evt'),
      object: 'event',
      api_version: null,
      created: options.created ?? Math.floor(Date.now() / 1000),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    return this.sign(event);
  }

  /** Signs an event (the payload is its JSON) with the SDK's test helper. */
  sign(event: StripeObject, options: { secret?: string; timestamp?: number } = {}): SignedEvent {
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp,
    });
    return { event, payload, header };
  }

  /** Posts an event to our webhook endpoint as Stripe does (an unsigned event is signed now). */
  async deliver(target: WebhookTarget, signedOrEvent: SignedEvent | StripeObject): Promise<DeliveryResult> {
    const signed =
      'payload' in signedOrEvent && 'header' in signedOrEvent ? (signedOrEvent as SignedEvent) : this.sign(signedOrEvent as StripeObject);
    return postWebhook(target, signed.payload, signed.header);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async listen(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Runs a state change and delivers the events it produced when automatic delivery is on. */
  private async changing<T>(change: () => T): Promise<T> {
    const from = this.state.events.length;
    const result = change();
    await this.deliverNew(from);
    return result;
  }

  private async deliverNew(from: number): Promise<void> {
    const target = this.autoTarget;
    if (!target) return;
    for (const event of this.state.events.slice(from)) {
      const result = await this.deliver(target, event);
      this.deliveries.push({ ...result, eventId: event.id, type: String(event.type) });
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.on('error', () => undefined); // the caller may have timed out and gone
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const [path, query = ''] = (req.url ?? '/').split('?') as [string, string?];
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    // The SDK sends a GET's parameters in the query string, a POST's in the body.
    const params = parseStripeForm(method === 'GET' ? query : Buffer.concat(chunks).toString('utf8'));
    const record: FakeStripeRequest = { method, path, body: params, idempotencyKey: key };
    this.requests.push(record);
    const line = `${method} ${path}`;

    let status: number;
    let body: unknown;
    const headers: Record<string, string> = { 'Request-Id': newId('req') };
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f, line));
    const from = this.state.events.length;
    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      status = 401;
      body = { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } };
    } else if (fault) {
      fault.remaining -= 1;
      status = fault.status ?? 500;
      body = {
        error: {
          type: fault.type ?? 'api_error',
          message: fault.message ?? 'An unknown error occurred (injected by the fake).',
          ...(fault.code ? { code: fault.code } : {}),
        },
      };
      if (fault.shouldRetry !== undefined) headers['Stripe-Should-Retry'] = String(fault.shouldRetry);
    } else {
      ({ status, body, replayed: record.replayed } = this.answer(method, path, record.body, key));
      if (record.replayed) headers['Idempotent-Replayed'] = 'true';
    }
    if (key) headers['Idempotency-Key'] = key;
    record.status = status;

    await this.deliverNew(from);
    const delay = this.delays.find((d) => d.remaining > 0 && matches(d, line));
    if (delay) {
      delay.remaining -= 1;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (this.timers.delete(timer), resolve()), delay.ms);
        this.timers.add(timer);
        void delay.until?.then(() => (clearTimeout(timer), this.timers.delete(timer), resolve()));
      });
    }
    if (res.destroyed) return;
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  /** The API proper, with Stripe's idempotency: same key and same parameters -> the first answer again. */
  private answer(method: string, path: string, params: Params, key: string | null): { status: number; body: unknown; replayed?: boolean } {
    const signature = `${method} ${path} ${JSON.stringify(params)}`;
    if (method === 'POST' && key) {
      const stored = this.idempotent.get(key);
      if (stored && stored.signature !== signature) {
        const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
        return { status: 400, body: new FakeStripeError(400, 'idempotency_error', message).body() };
      }
      if (stored) return { status: stored.status, body: structuredClone(stored.body), replayed: true };
    }
    let result: { status: number; body: unknown };
    try {
      result = { status: 200, body: structuredClone(this.route(method, path, params, key ?? undefined)) };
    } catch (err) {
      if (!(err instanceof FakeStripeError)) throw err;
      result = { status: err.status, body: err.body() };
      // Stripe keeps no result for a request whose parameters failed validation.
      if (err.code?.startsWith('parameter_')) return result;
    }
    if (method === 'POST' && key) this.idempotent.set(key, { signature, ...result });
    return result;
  }

  private route(method: string, path: string, params: Params, key?: string): Record<string, unknown> {
    const s = this.state;
    const parts = path.split('/').filter(Boolean); // ['v1', 'payment_intents', id, action]
    const [version, resource, id, action] = parts;
    if (version === 'v1' && parts.length <= 4) {
      if (resource === 'payment_intents' && method === 'GET' && id === 'search' && !action) return searchPaymentIntents(s, params);
      if (resource === 'refunds' && method === 'GET' && !id) return listRefunds(s, params);
      if (resource === 'payment_intents') {
        if (method === 'POST' && !id) return s.createPaymentIntent(params, key);
        if (method === 'GET' && id && !action) return s.paymentIntent(id);
        if (method === 'POST' && id && action === 'confirm') return s.confirmPaymentIntent(id, params, key);
        if (method === 'POST' && id && action === 'cancel') return s.cancelPaymentIntent(id, params, key);
      }
      if (resource === 'refunds') {
        if (method === 'POST' && !id) return s.createRefund(params, key);
        if (method === 'GET' && id && !action) return s.refund(id);
      }
      if (resource === 'charges' && method === 'GET' && id && !action) return s.charge(id);
    }
    throw new FakeStripeError(404, 'invalid_request_error', `Unrecognized request URL (${method}: ${path}).`);
  }
}

async function postWebhook(target: WebhookTarget, payload: string, header: string): Promise<DeliveryResult> {
  const headers = {
    'Content-Type': 'application/json; charset=utf-8',
    'Stripe-Signature': header,
    'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  };
  if (typeof target === 'string') {
    const res = await fetch(target, { method: 'POST', headers, body: payload });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  }
  const res = await request(target).post(STRIPE_WEBHOOK_PATH).set(headers).send(payload);
  return { status: res.status, body: res.body as unknown };
}

/** Starts a fake Stripe on a free local port with its own secret key and webhook secret. */
export async function startFakeStripe(options: { secretKey?: string; webhookSecret?: string } = {}): Promise<FakeStripe> {
  const fake = new FakeStripe(
    options.secretKey ?? `sk_test_fake_${randomBytes(8).toString('hex')}`,
    options.webhookSecret ?? `whsec_fake_${randomBytes(16).toString('hex')}`,
  );
  return fake.listen();
}
