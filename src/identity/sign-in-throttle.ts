import { createHash } from 'node:crypto';
import { clock } from '../platform/clock.js';
import { ctx, type AppContext } from '../platform/context.js';
import { RateLimited } from '../platform/errors.js';

/**
 * Failed sign-ins cost the one who fails, not the account's owner. Nothing here looks at whether
 * the account exists: state is kept per email as typed (hashed) and per client IP, so a refusal
 * tells an attacker nothing about which emails are real, and nobody ends or locks anybody's
 * account or sessions by guessing.
 *
 * - Per account and IP: after SIGNIN_THROTTLE_FAILURES wrong passwords from one IP, that IP is
 *   refused for that account for SIGNIN_THROTTLE_MINUTES, doubling with each further failure
 *   (capped at a day; forgotten after a quiet day or a success from that IP).
 * - Per account: once SIGNIN_ATTACK_IPS different IPs failed on it within an hour, the account is
 *   "under attack" and refuses sign-ins from IPs it has not seen succeed within 30 days; the
 *   owner gets in through the password-reset email (which clears this state) or from a known IP.
 * - Per IP across accounts: the routes' request rate limits (RATE_LIMIT_LOGIN_…, …ADMIN_LOGIN_…).
 *
 * State lives in Redis when configured (shared by every process), else in memory, as the
 * project's other rate limits do.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ATTACK_WINDOW_MS = 60 * MINUTE;
const KNOWN_IP_MS = 30 * DAY;

interface PairState {
  failures: number;
  lastFailureAt: number;
}

interface AccountView {
  pair: PairState | null;
  /** Distinct IPs that failed on this account within the attack window. */
  failingIps: number;
  /** Whether this IP signed in to this account successfully within KNOWN_IP_MS. */
  knownIp: boolean;
}

interface ThrottleStore {
  view(account: string, ip: string, now: number): Promise<AccountView>;
  failed(account: string, ip: string, now: number): Promise<void>;
  succeeded(account: string, ip: string, now: number): Promise<void>;
  clear(account: string): Promise<void>;
}

export interface ThrottleLimits {
  failures: number;
  minutes: number;
  attackIps: number;
}

export type Refusal = { reason: 'too_many_failures' | 'under_attack'; retryAfterSeconds: number };

/** The pair's refusal length after `failures` wrong passwords (0 below the threshold). */
export function pairBlockMs(failures: number, limits: ThrottleLimits): number {
  if (failures < limits.failures) return 0;
  return Math.min(limits.minutes * MINUTE * 2 ** Math.min(failures - limits.failures, 20), DAY);
}

/** Whether this attempt may check a password at all (pure; the store supplies the view). */
export function verdict(view: AccountView, now: number, limits: ThrottleLimits): Refusal | null {
  if (view.pair) {
    const until = view.pair.lastFailureAt + pairBlockMs(view.pair.failures, limits);
    if (now < until) return { reason: 'too_many_failures', retryAfterSeconds: Math.ceil((until - now) / 1000) };
  }
  if (view.failingIps >= limits.attackIps && !view.knownIp) {
    return { reason: 'under_attack', retryAfterSeconds: ATTACK_WINDOW_MS / 1000 };
  }
  return null;
}

const isStale = (pair: PairState | null, now: number): boolean => !pair || now - pair.lastFailureAt > DAY;

class RedisThrottleStore implements ThrottleStore {
  constructor(
    private readonly redis: NonNullable<AppContext['redis']>,
    private readonly prefix: string,
  ) {}

  private keys(account: string) {
    const base = `${this.prefix}signin:${account}:`;
    return { failures: `${base}pf`, lastAt: `${base}pt`, failing: `${base}ips`, known: `${base}known` };
  }

  async view(account: string, ip: string, now: number): Promise<AccountView> {
    const k = this.keys(account);
    const [failures, lastAt, failingIps, knownAt] = await Promise.all([
      this.redis.hGet(k.failures, ip),
      this.redis.hGet(k.lastAt, ip),
      this.redis.zCount(k.failing, now - ATTACK_WINDOW_MS, '+inf'),
      this.redis.zScore(k.known, ip),
    ]);
    const pair = failures && lastAt ? { failures: Number(failures), lastFailureAt: Number(lastAt) } : null;
    return { pair: isStale(pair, now) ? null : pair, failingIps, knownIp: knownAt !== null && now - knownAt < KNOWN_IP_MS };
  }

  async failed(account: string, ip: string, now: number): Promise<void> {
    const k = this.keys(account);
    const [failures, lastAt] = await Promise.all([this.redis.hGet(k.failures, ip), this.redis.hGet(k.lastAt, ip)]);
    const stale = isStale(failures && lastAt ? { failures: Number(failures), lastFailureAt: Number(lastAt) } : null, now);
    const multi = this.redis.multi();
    if (stale) multi.hSet(k.failures, ip, '1');
    else multi.hIncrBy(k.failures, ip, 1);
    multi
      .hSet(k.lastAt, ip, String(now))
      .pExpire(k.failures, 2 * DAY)
      .pExpire(k.lastAt, 2 * DAY)
      .zAdd(k.failing, { score: now, value: ip })
      .zRemRangeByScore(k.failing, '-inf', now - ATTACK_WINDOW_MS)
      .pExpire(k.failing, 2 * ATTACK_WINDOW_MS);
    await multi.exec();
  }

  async succeeded(account: string, ip: string, now: number): Promise<void> {
    const k = this.keys(account);
    await this.redis
      .multi()
      .hDel(k.failures, ip)
      .hDel(k.lastAt, ip)
      .zAdd(k.known, { score: now, value: ip })
      .zRemRangeByScore(k.known, '-inf', now - KNOWN_IP_MS)
      .pExpire(k.known, KNOWN_IP_MS)
      .exec();
  }

  async clear(account: string): Promise<void> {
    const k = this.keys(account);
    await this.redis.del([k.failures, k.lastAt, k.failing]);
  }
}

interface MemoryAccount {
  pairs: Map<string, PairState>;
  failing: Map<string, number>;
  known: Map<string, number>;
}

/** One process only, like express-rate-limit's memory store; bounded so a flood cannot grow it for ever. */
class MemoryThrottleStore implements ThrottleStore {
  private readonly accounts = new Map<string, MemoryAccount>();
  private static readonly MAX_ACCOUNTS = 100_000;

  private get(account: string): MemoryAccount {
    let state = this.accounts.get(account);
    if (!state) {
      if (this.accounts.size >= MemoryThrottleStore.MAX_ACCOUNTS) this.accounts.delete(this.accounts.keys().next().value!);
      state = { pairs: new Map(), failing: new Map(), known: new Map() };
      this.accounts.set(account, state);
    }
    return state;
  }

  async view(account: string, ip: string, now: number): Promise<AccountView> {
    const state = this.accounts.get(account);
    if (!state) return { pair: null, failingIps: 0, knownIp: false };
    const pair = state.pairs.get(ip) ?? null;
    let failingIps = 0;
    for (const [who, at] of state.failing) {
      if (now - at < ATTACK_WINDOW_MS) failingIps++;
      else state.failing.delete(who);
    }
    const knownAt = state.known.get(ip);
    return { pair: isStale(pair, now) ? null : pair, failingIps, knownIp: knownAt !== undefined && now - knownAt < KNOWN_IP_MS };
  }

  async failed(account: string, ip: string, now: number): Promise<void> {
    const state = this.get(account);
    const pair = state.pairs.get(ip) ?? null;
    state.pairs.set(ip, { failures: isStale(pair, now) ? 1 : pair!.failures + 1, lastFailureAt: now });
    state.failing.set(ip, now);
  }

  async succeeded(account: string, ip: string, now: number): Promise<void> {
    const state = this.get(account);
    state.pairs.delete(ip);
    state.known.set(ip, now);
  }

  async clear(account: string): Promise<void> {
    const state = this.accounts.get(account);
    if (!state) return;
    state.pairs.clear();
    state.failing.clear();
  }
}

// Per application context, so several apps in one process (tests) never share state.
const memoryStores = new WeakMap<AppContext, MemoryThrottleStore>();

function store(): ThrottleStore {
  const context = ctx();
  if (context.redis) return new RedisThrottleStore(context.redis, context.config.REDIS_PREFIX);
  let memory = memoryStores.get(context);
  if (!memory) {
    memory = new MemoryThrottleStore();
    memoryStores.set(context, memory);
  }
  return memory;
}

/** The account as typed, never stored in clear: the same email reaches the same state on every website. */
const accountKey = (email: string): string => createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
const ipKey = (ip: string | null | undefined): string => ip || 'unknown';

function limits(): ThrottleLimits {
  const { config } = ctx();
  return { failures: config.SIGNIN_THROTTLE_FAILURES, minutes: config.SIGNIN_THROTTLE_MINUTES, attackIps: config.SIGNIN_ATTACK_IPS };
}

const REFUSAL_MESSAGE: Record<Refusal['reason'], string> = {
  too_many_failures:
    'Too many failed sign-ins to this account from your network. Try again later, or reset your password: the reset link by email always works.',
  under_attack:
    'Sign-ins to this account from new places are paused after many failed attempts from elsewhere. Reset your password: the reset link by email always works.',
};

/**
 * Throws a 429 when this IP may not try a password on this email now. The same email and IP get
 * the same answer whether or not an account exists. Call before checking the password.
 */
export async function assertMayTrySignIn(email: string, ip: string | null | undefined): Promise<void> {
  const now = clock.now().getTime();
  const refusal = verdict(await store().view(accountKey(email), ipKey(ip), now), now, limits());
  if (refusal) throw RateLimited(REFUSAL_MESSAGE[refusal.reason], refusal.retryAfterSeconds);
}

/** Records a wrong password (or an unknown email: counted the same). */
export function recordSignInFailure(email: string, ip: string | null | undefined): Promise<void> {
  return store().failed(accountKey(email), ipKey(ip), clock.now().getTime());
}

/** Records a sign-in with the right password: this IP's failures are forgotten and the IP becomes known. */
export function recordSignInSuccess(email: string, ip: string | null | undefined): Promise<void> {
  return store().succeeded(accountKey(email), ipKey(ip), clock.now().getTime());
}

/** Lifts every throttle on an email (after a password reset, or by staff). Known IPs stay known. */
export function clearSignInThrottle(email: string): Promise<void> {
  return store().clear(accountKey(email));
}
