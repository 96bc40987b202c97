import { createHash } from 'node:crypto';

/**
 * Pure rules of the ledger (RULES.md "Ledger postings"): the chart of accounts, who owns which
 * account, floors, what a valid posting list is, the lock order and the input hash. No I/O.
 */

export const ACCOUNT_KINDS = [
  'client_wallet',
  'order_escrow',
  'writer_payable',
  'platform_revenue',
  'stripe_clearing',
  'manual_clearing',
  'payouts_clearing',
  'fines_income',
  'loyalty_expense',
  'marketing_expense',
  'adjustments',
] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const TRANSACTION_KINDS = [
  'order_payment_card',
  'wallet_topup_card',
  'order_payment_wallet',
  'order_payment_manual',
  'order_completion',
  'refund_wallet',
  'refund_card',
  'cancellation',
  'tip',
  'fine',
  // A fine waived, voided or accepted on appeal: fines_income -> writer_payable (src/writers/fines).
  'fine_refund',
  'advance',
  'payout',
  'loyalty_conversion',
  'referral_reward',
  'adjustment',
  'reversal',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export type OwnerType = 'user' | 'order';

/** Which accounts belong to someone: wallets and payables to a user, escrow to an order. */
export const OWNER_TYPE: Record<AccountKind, OwnerType | null> = {
  client_wallet: 'user',
  writer_payable: 'user',
  order_escrow: 'order',
  platform_revenue: null,
  stripe_clearing: null,
  manual_clearing: null,
  payouts_clearing: null,
  fines_income: null,
  loyalty_expense: null,
  marketing_expense: null,
  adjustments: null,
};

/** The lowest balance an account may reach; null = no floor (external and income/expense accounts). */
export const FLOOR_CENTS: Record<AccountKind, number | null> = {
  client_wallet: 0,
  order_escrow: 0,
  writer_payable: 0,
  platform_revenue: null,
  stripe_clearing: null,
  manual_clearing: null,
  payouts_clearing: null,
  fines_income: null,
  loyalty_expense: null,
  marketing_expense: null,
  adjustments: null,
};

/** Transactions that may take an account below its floor: a fine or an advance may leave a writer owing. */
const FLOOR_EXEMPT: Partial<Record<AccountKind, readonly TransactionKind[]>> = {
  writer_payable: ['fine', 'advance'],
};

/**
 * The floor that applies to `account` in a transaction of `kind` (for a reversal: the kind of the
 * transaction it reverses — undoing an advance may leave the writer owing as the advance did).
 */
export function floorFor(account: AccountKind, kind: TransactionKind): number | null {
  if (FLOOR_EXEMPT[account]?.includes(kind)) return null;
  return FLOOR_CENTS[account];
}

/**
 * Whether a change breaks the floor. Only a decrease can: an account already below its floor (a
 * writer owing after a fine) may always receive money.
 */
export function breaksFloor(account: AccountKind, kind: TransactionKind, balanceBefore: number, balanceAfter: number): boolean {
  const floor = floorFor(account, kind);
  return floor !== null && balanceAfter < balanceBefore && balanceAfter < floor;
}

/** An account named by its kind and, for owned kinds, its owner (a user id or an order id). */
export interface AccountRef {
  kind: AccountKind;
  ownerId?: number | null;
}

export interface Posting {
  from: AccountRef;
  to: AccountRef;
  amountCents: number;
}

export const MAX_POSTINGS = 20;
/** Far above any real amount, far below 2^53: sums of many entries stay exact. */
export const MAX_AMOUNT_CENTS = 100_000_000_000;
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export type FieldProblems = Record<string, string>;

const isAccountKind = (value: unknown): value is AccountKind =>
  typeof value === 'string' && (ACCOUNT_KINDS as readonly string[]).includes(value);
export const isTransactionKind = (value: unknown): value is TransactionKind =>
  typeof value === 'string' && (TRANSACTION_KINDS as readonly string[]).includes(value);

/** Problems of one account reference, keyed by field path; empty when valid. */
export function accountRefProblems(ref: AccountRef | undefined, path: string): FieldProblems {
  if (!ref || typeof ref !== 'object') return { [path]: 'must be an account' };
  if (!isAccountKind(ref.kind)) return { [`${path}.kind`]: `must be one of ${ACCOUNT_KINDS.join(', ')}` };
  const owned = OWNER_TYPE[ref.kind] !== null;
  const hasOwner = ref.ownerId !== undefined && ref.ownerId !== null;
  if (owned && (!hasOwner || !Number.isSafeInteger(ref.ownerId) || ref.ownerId! <= 0)) {
    return { [`${path}.ownerId`]: `${ref.kind} needs its owner's id (a positive whole number)` };
  }
  if (!owned && hasOwner) return { [`${path}.ownerId`]: `${ref.kind} has no owner` };
  return {};
}

/** Problems of a posting list: 1..MAX_POSTINGS postings, positive whole amounts, from != to. */
export function postingProblems(postings: readonly Posting[] | undefined): FieldProblems {
  if (!Array.isArray(postings) || postings.length === 0) return { postings: 'must list at least one posting' };
  if (postings.length > MAX_POSTINGS) return { postings: `must list at most ${MAX_POSTINGS} postings` };
  const problems: FieldProblems = {};
  postings.forEach((p, i) => {
    const path = `postings.${i}`;
    Object.assign(problems, accountRefProblems(p?.from, `${path}.from`), accountRefProblems(p?.to, `${path}.to`));
    const amount = p?.amountCents;
    if (!Number.isSafeInteger(amount) || amount <= 0) problems[`${path}.amountCents`] = 'must be a positive whole number of cents';
    else if (amount > MAX_AMOUNT_CENTS) problems[`${path}.amountCents`] = `must be at most ${MAX_AMOUNT_CENTS}`;
    if (p?.from && p?.to && accountKey(p.from) === accountKey(p.to)) problems[path] = 'must move money between two different accounts';
  });
  return problems;
}

/** A stable key of an account within one website and currency: "kind:owner" (owner 0 = none). */
export function accountKey(ref: AccountRef): string {
  return `${ref.kind}:${ref.ownerId ?? 0}`;
}

/** The distinct accounts of a posting list, in a canonical order (creation order, to avoid insert deadlocks). */
export function accountsOf(postings: readonly Posting[]): AccountRef[] {
  const byKey = new Map<string, AccountRef>();
  for (const p of postings) {
    for (const ref of [p.from, p.to]) byKey.set(accountKey(ref), { kind: ref.kind, ownerId: OWNER_TYPE[ref.kind] ? ref.ownerId! : null });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
}

/**
 * Locks are taken in ascending account id: two transactions touching the same accounts then wait
 * for each other instead of deadlocking.
 */
export function lockOrder(accountIds: readonly number[]): number[] {
  return [...new Set(accountIds)].sort((a, b) => a - b);
}

export interface EntryPlan {
  key: string;
  amountCents: number;
  /** Which posting it comes from (for the error message). */
  posting: number;
}

/**
 * The entries of a posting list: a debit of `from` and a credit of `to` per posting. Credits come
 * first so an account's running balance never dips below where it starts or ends.
 */
export function planEntries(postings: readonly Posting[]): EntryPlan[] {
  const credits = postings.map((p, i) => ({ key: accountKey(p.to), amountCents: p.amountCents, posting: i }));
  const debits = postings.map((p, i) => ({ key: accountKey(p.from), amountCents: -p.amountCents, posting: i }));
  return [...credits, ...debits];
}

/** Net change per account key. */
export function netChanges(entries: readonly EntryPlan[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const e of entries) net.set(e.key, (net.get(e.key) ?? 0) + e.amountCents);
  return net;
}

/** The entries of a reversal: every posting turned around. */
export function mirrorPostings(postings: readonly Posting[]): Posting[] {
  return postings.map((p) => ({ from: p.to, to: p.from, amountCents: p.amountCents }));
}

/** JSON with object keys sorted at every level: equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export interface HashedInput {
  websiteId: number;
  currency: string;
  kind: TransactionKind;
  reference: { type: string; id: string } | null;
  memo: string | null;
  postings: readonly Posting[];
  reversesTransactionId?: number | null;
}

/**
 * sha256 of everything that defines the movement except the key itself. Postings are compared as
 * a set (their order does not change what moves); an owner id absent or null is the same account.
 */
export function inputHash(input: HashedInput): string {
  const postings = input.postings
    .map((p) =>
      canonicalJson({
        from: { kind: p.from.kind, ownerId: p.from.ownerId ?? null },
        to: { kind: p.to.kind, ownerId: p.to.ownerId ?? null },
        amountCents: p.amountCents,
      }),
    )
    .sort();
  const canonical = canonicalJson({
    websiteId: input.websiteId,
    currency: input.currency,
    kind: input.kind,
    reference: input.reference,
    memo: input.memo,
    reversesTransactionId: input.reversesTransactionId ?? null,
    postings,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
