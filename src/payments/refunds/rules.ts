/**
 * Pure rules of refunds (RULES.md "Payments and refunds", "Ledger postings"): the status machine,
 * what remains refundable on an order, how a refund splits between the wallet and the card, and
 * which account a refund is paid from. No I/O.
 */

export const REFUND_STATUSES = ['pending', 'approved', 'processing', 'processed', 'failed', 'rejected'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const REFUND_DESTINATIONS = ['wallet', 'card', 'split'] as const;
export type RefundDestination = (typeof REFUND_DESTINATIONS)[number];

export const REFUND_SOURCES = ['staff', 'cancellation', 'dispute'] as const;
export type RefundSource = (typeof REFUND_SOURCES)[number];

/** Who moves a refund: 'admin' covers superadmins; 'system' is the job, a webhook or a cancellation. */
export type RefundRole = 'admin' | 'support' | 'system';

export type RefundTransitionName = 'approve' | 'reject' | 'start_card' | 'complete' | 'fail' | 'reconcile';

interface RefundTransition {
  from: readonly RefundStatus[];
  to: RefundStatus;
  roles: readonly RefundRole[];
}

/**
 * The one transitions table (DESIGN.md "State machines"). A wallet-only refund goes
 * pending -> approved -> processed in the approval's transaction; a card part goes
 * approved -> processing (committed before Stripe is called) -> processed | failed.
 */
export const REFUND_TRANSITIONS: Record<RefundTransitionName, RefundTransition> = {
  // Support may ask; only admins decide (a cancellation is approved by the admin's cancel decision).
  approve: { from: ['pending'], to: 'approved', roles: ['admin', 'system'] },
  reject: { from: ['pending'], to: 'rejected', roles: ['admin'] },
  start_card: { from: ['approved'], to: 'processing', roles: ['admin', 'system'] },
  // The wallet part is posted at approval; the card part when Stripe confirms.
  complete: { from: ['approved', 'processing'], to: 'processed', roles: ['admin', 'system'] },
  // Stripe refused for good (not a timeout or an outage: those stay processing for the retry).
  fail: { from: ['processing'], to: 'failed', roles: ['admin', 'system'] },
  // Stripe reports the refund done after we recorded a refusal: the ledger follows Stripe's money.
  reconcile: { from: ['failed'], to: 'processed', roles: ['system'] },
};

export type RefundTransitionDecision =
  { ok: true; to: RefundStatus } | { ok: false; reason: 'wrong_status' | 'not_allowed_for_role'; message: string };

export function decideRefundTransition(input: {
  transition: RefundTransitionName;
  from: RefundStatus;
  role: RefundRole;
}): RefundTransitionDecision {
  const rule = REFUND_TRANSITIONS[input.transition];
  if (!rule.roles.includes(input.role)) {
    return { ok: false, reason: 'not_allowed_for_role', message: `Your role may not ${input.transition.replace('_', ' ')} a refund` };
  }
  if (!rule.from.includes(input.from)) {
    return { ok: false, reason: 'wrong_status', message: `A ${input.from} refund cannot ${input.transition.replace('_', ' ')}` };
  }
  return { ok: true, to: rule.to };
}

/** What a refund row holds that matters for the sums below. */
export interface RefundFigures {
  status: RefundStatus;
  amountCents: number;
  walletCents: number;
  cardCents: number;
  paymentId: number | null;
}

/**
 * What a refund holds of the order's money: everything until it is rejected, so two requests can
 * never together exceed what was paid; a failed refund keeps only its wallet part (posted at
 * approval, before the card part was tried).
 */
export function reservedCents(refund: RefundFigures): number {
  if (refund.status === 'rejected') return 0;
  if (refund.status === 'failed') return refund.walletCents;
  return refund.amountCents;
}

/** What a refund holds of one card payment: its card part unless rejected or failed. */
export function reservedCardCents(refund: RefundFigures, paymentId: number): number {
  if (refund.paymentId !== paymentId || refund.status === 'rejected' || refund.status === 'failed') return 0;
  return refund.cardCents;
}

/**
 * What remains refundable on an order: what was paid into it, minus what a cancellation forfeited,
 * minus every refund processed or in flight (pending, approved, processing count as reserved).
 */
export function refundableCents(input: { paidCents: number; forfeitedCents: number; refunds: readonly RefundFigures[] }): number {
  const reserved = input.refunds.reduce((sum, r) => sum + reservedCents(r), 0);
  return Math.max(0, input.paidCents - input.forfeitedCents - reserved);
}

/** What remains refundable to one card payment: what it took minus the card parts reserved against it. */
export function cardRefundableCents(input: { paymentId: number; amountCents: number; refunds: readonly RefundFigures[] }): number {
  const reserved = input.refunds.reduce((sum, r) => sum + reservedCardCents(r, input.paymentId), 0);
  return Math.max(0, input.amountCents - reserved);
}

export type SplitResult =
  { ok: true; walletCents: number; cardCents: number } | { ok: false; field: 'walletCents' | 'cardCents' | 'destination'; message: string };

/**
 * How a refund splits between the wallet and the card. `wallet` and `card` take the whole amount;
 * `split` takes the parts given (one may be left out: it is the rest), both positive. The card part
 * is at most what the card paid minus what is already refunded or reserved to it.
 */
export function splitRefund(input: {
  amountCents: number;
  destination: RefundDestination;
  walletCents?: number;
  cardCents?: number;
  cardAvailableCents: number;
}): SplitResult {
  const { amountCents: amount, destination } = input;
  let wallet: number;
  let card: number;
  if (destination === 'wallet') [wallet, card] = [amount, 0];
  else if (destination === 'card') [wallet, card] = [0, amount];
  else {
    if (input.walletCents === undefined && input.cardCents === undefined) {
      return { ok: false, field: 'cardCents', message: 'a split refund needs its card part (or its wallet part)' };
    }
    card = input.cardCents ?? amount - input.walletCents!;
    wallet = input.walletCents ?? amount - card;
    if (wallet + card !== amount) return { ok: false, field: 'walletCents', message: `the wallet and card parts must add up to ${amount}` };
    if (wallet <= 0 || card <= 0) {
      return {
        ok: false,
        field: wallet <= 0 ? 'walletCents' : 'cardCents',
        message: 'both parts of a split refund must be positive (choose wallet or card for one)',
      };
    }
  }
  if (destination !== 'split') {
    if (input.walletCents !== undefined && input.walletCents !== wallet)
      return { ok: false, field: 'walletCents', message: `must be ${wallet} for a ${destination} refund` };
    if (input.cardCents !== undefined && input.cardCents !== card)
      return { ok: false, field: 'cardCents', message: `must be ${card} for a ${destination} refund` };
  }
  if (card > input.cardAvailableCents) {
    return {
      ok: false,
      field: destination === 'split' ? 'cardCents' : 'destination',
      message:
        input.cardAvailableCents === 0
          ? 'no card payment of this order can take a refund'
          : `at most ${input.cardAvailableCents} can go back to the card (what it paid minus what is already refunded to it)`,
    };
  }
  return { ok: true, walletCents: wallet, cardCents: card };
}

export type RefundSourceAccount = 'order_escrow' | 'platform_revenue';

/**
 * Where a refund is paid from: the order's escrow until the order is completed, then the platform's
 * revenue (the escrow was settled to the writer and the platform at completion).
 */
export function refundSourceAccount(order: { completedAt: Date | null }): RefundSourceAccount {
  return order.completedAt ? 'platform_revenue' : 'order_escrow';
}

/**
 * What a cancellation executes of the admin's decision: the forfeit first (it is the platform's
 * share of the price), then the refund, both within what is still refundable — so refunds already
 * made on the order come out of the client's part, not the platform's — and within what the
 * order's escrow holds in the ledger (payments recorded before the ledger existed hold nothing).
 */
export function cancellationSettlement(input: {
  refundCents: number;
  forfeitCents: number;
  refundableCents: number;
  escrowCents: number;
}): {
  refundCents: number;
  forfeitCents: number;
} {
  const available = Math.max(0, Math.min(input.refundableCents, input.escrowCents));
  const forfeitCents = Math.min(Math.max(0, input.forfeitCents), available);
  const refundCents = Math.min(Math.max(0, input.refundCents), available - forfeitCents);
  return { refundCents, forfeitCents };
}

/** A refund at Stripe as charge.refunded matching reads it (metadata.refundId is ours, set at creation). */
export interface StripeRefundFacts {
  id: string;
  amount: number;
  status: string | null;
  refundId: string | null;
}

/** What matching reads of one of our refunds. */
export interface AwaitingCardRefund {
  id: number;
  status: RefundStatus;
  cardCents: number;
  stripeRefundId: string | null;
}

/**
 * Which of our card refunds a charge's Stripe refunds confirm. A succeeded Stripe refund confirms
 * the refund whose Stripe id we stored, else (no id stored yet: the answer never reached us) the
 * one its metadata.refundId names — never one chosen by amount — and only when the amounts agree.
 * Each Stripe refund confirms at most one of ours. Only processing refunds, and failed ones whose
 * money Stripe moved after all, are confirmed. Oddities are returned in words for the log.
 */
export function matchStripeRefunds<R extends AwaitingCardRefund>(
  ours: readonly R[],
  listed: readonly StripeRefundFacts[],
): { matches: Array<{ refund: R; stripeRefundId: string }>; disagreements: string[] } {
  const matches: Array<{ refund: R; stripeRefundId: string }> = [];
  const disagreements: string[] = [];
  const used = new Set<string>();
  for (const refund of ours) {
    if (refund.status !== 'processing' && refund.status !== 'failed') continue;
    const naming = listed.filter((s) => s.refundId === String(refund.id));
    const match = refund.stripeRefundId ? listed.find((s) => s.id === refund.stripeRefundId) : naming[0];
    const others = naming.filter((s) => s.id !== match?.id);
    if (others.length) disagreements.push(`Stripe refund ${others.map((s) => s.id).join(', ')} also names refund ${refund.id}`);
    if (!match || match.status !== 'succeeded' || used.has(match.id)) continue;
    if (match.refundId !== null && match.refundId !== String(refund.id)) {
      disagreements.push(`Stripe refund ${match.id} is stored on refund ${refund.id} but names refund ${match.refundId}`);
      continue;
    }
    if (match.amount !== refund.cardCents) {
      disagreements.push(
        `Stripe refund ${match.id} is for ${match.amount} cents, refund ${refund.id} sends ${refund.cardCents} to the card`,
      );
      continue;
    }
    used.add(match.id);
    matches.push({ refund, stripeRefundId: match.id });
  }
  return { matches, disagreements };
}

/** Ledger idempotency keys of a refund's postings: one per part, so each moves money once. */
export const refundLedgerKey = (refundId: number, part: 'wallet' | 'card') => `refund:${refundId}:${part}`;
export const cancellationLedgerKey = (orderId: number) => `order:${orderId}:cancellation`;

/** Attempts of the retry job before a processing refund is left for a person (it stays processing, visible). */
export const MAX_CARD_ATTEMPTS = 50;
/** The job leaves refunds younger than this to the synchronous path that is still running. */
export const RETRY_AFTER_MS = 60_000;
