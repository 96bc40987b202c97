import type { AccountKind, AccountRef, Posting, TransactionKind } from '../rules.js';

/** The shapes of the ledger's public service API (documented in ./post.ts). */

export interface LedgerReference {
  /** What the movement is about: 'order', 'refund', 'payout', 'stripe_event'… */
  type: string;
  id: string | number;
}

export interface PostInput {
  websiteId: number;
  /** ISO 4217, the website's currency. */
  currency: string;
  kind: TransactionKind;
  reference: LedgerReference | null;
  memo?: string | null;
  /** Unique per website; the same key with the same input replays, with other input is a 409. */
  idempotencyKey: string;
  postings: Posting[];
}

export interface PostedEntry {
  id: number;
  accountId: number;
  account: { kind: AccountKind; ownerId: number | null };
  /** Signed: positive credits the account, negative debits it. */
  amountCents: number;
  balanceAfterCents: number;
}

export interface PostedTransaction {
  id: number;
  websiteId: number;
  currency: string;
  kind: TransactionKind;
  reference: { type: string; id: string } | null;
  memo: string | null;
  idempotencyKey: string;
  actorUserId: number | null;
  reversesTransactionId: number | null;
  createdAt: Date;
  entries: PostedEntry[];
  /** True when this key was posted before with the same input: nothing moved this time. */
  replayed: boolean;
}

/** An account named within a website: the website defaults to the actor's, the currency to the website's. */
export interface AccountLocator extends AccountRef {
  websiteId?: number;
  currency?: string;
}

export interface AccountBalance {
  /** Null when nothing was ever posted to it (the balance is then 0). */
  accountId: number | null;
  websiteId: number;
  currency: string;
  kind: AccountKind;
  ownerId: number | null;
  balanceCents: number;
}

export interface WalletBalance {
  clientId: number;
  currency: string;
  balanceCents: number;
}

export interface HistoryItem {
  entryId: number;
  transactionId: number;
  kind: TransactionKind;
  memo: string | null;
  reference: { type: string; id: string } | null;
  amountCents: number;
  balanceAfterCents: number;
  createdAt: Date;
}

export interface AdjustInput {
  accountRef: AccountRef;
  websiteId?: number;
  currency?: string;
  /** Signed: positive credits the account (from `adjustments`), negative debits it. */
  amountCents: number;
  reason: string;
  idempotencyKey: string;
}
