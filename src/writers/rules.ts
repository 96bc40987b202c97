import { z } from 'zod';
import { applyBasisPoints, BP_ONE, type BasisPoints, type Cents } from '../platform/money.js';

/**
 * Pure rules of writers' earnings (RULES.md "Writers"): the rate card an order's writer is paid
 * by, what an order earns, the earning's life and how a completed order's escrow is split. No I/O.
 */

/**
 * What a writer is paid by, frozen on the order at assignment (a later change of the card does not
 * change what an assigned order earns). Multipliers in basis points (1.10 = 11_000).
 */
export const rateCardSchema = z
  .object({
    /** The level the card belongs to, shown to the writer ("Entry" until writer levels land). */
    level: z.string().trim().min(1).max(40),
    pageCents: z.number().int().min(0).max(100_000),
    slideCents: z.number().int().min(0).max(100_000),
    chartCents: z.number().int().min(0).max(100_000),
    /** The order is urgent for the writer when (deadline − assigned) is at most this many hours. */
    urgentWithinHours: z.number().int().min(0).max(720),
    urgentPageCents: z.number().int().min(0).max(100_000),
    urgentMultiplierBp: z
      .number()
      .int()
      .min(BP_ONE)
      .max(3 * BP_ONE),
  })
  .strict();
export type RateCard = z.infer<typeof rateCardSchema>;

/**
 * RULES.md's Entry level: $2.00 a page, urgent within 6 h: +$1 a page and ×1.10. Slides and charts
 * have no writer rate in RULES.md: $1.00 each is our default, editable per website.
 */
export const DEFAULT_RATE_CARD: RateCard = {
  level: 'Entry',
  pageCents: 200,
  slideCents: 100,
  chartCents: 100,
  urgentWithinHours: 6,
  urgentPageCents: 100,
  urgentMultiplierBp: 11_000,
};

/** Days an approved order's earning is held before it matures (RULES.md: 14). */
export const DEFAULT_EARNING_HOLD_DAYS = 14;

export interface EarningWork {
  pages: number;
  slides: number;
  charts: number;
  /** The client deadline and when the writer was assigned: together they say whether the work was urgent. */
  deadline: Date | null;
  assignedAt: Date | null;
}

/** The work an order asks, as earnings count it (an order without pages yet counts none). */
export function earningWorkOf(order: {
  pages: number | null;
  slides: number;
  charts: number;
  deadline: Date | null;
  assignedAt: Date | null;
}): EarningWork {
  return { pages: order.pages ?? 0, slides: order.slides, charts: order.charts, deadline: order.deadline, assignedAt: order.assignedAt };
}

export interface EarningBreakdown {
  rateCard: RateCard;
  /** pages × rate + slides × slide rate + charts × chart rate. */
  baseCents: Cents;
  urgent: boolean;
  /** pages × surcharge + base × (multiplier − 1) when urgent, else 0. */
  urgentCents: Cents;
  totalCents: Cents;
}

const HOUR_MS = 3_600_000;

/** Whether the writer had at most the card's urgency threshold between assignment and deadline. */
export function isUrgentForWriter(work: Pick<EarningWork, 'deadline' | 'assignedAt'>, card: RateCard): boolean {
  if (!work.deadline || !work.assignedAt) return false;
  return work.deadline.getTime() - work.assignedAt.getTime() <= card.urgentWithinHours * HOUR_MS;
}

/** RULES.md: pages × rate + slides × slide rate + charts × chart rate, plus the urgent uplift. */
export function computeEarning(work: EarningWork, card: RateCard): EarningBreakdown {
  const baseCents = work.pages * card.pageCents + work.slides * card.slideCents + work.charts * card.chartCents;
  const urgent = isUrgentForWriter(work, card);
  const urgentCents = urgent
    ? work.pages * card.urgentPageCents + applyBasisPoints(baseCents, (card.urgentMultiplierBp - BP_ONE) as BasisPoints)
    : 0;
  return { rateCard: card, baseCents, urgent, urgentCents, totalCents: baseCents + urgentCents };
}

/** What a writer is shown an order pays: from its frozen card once assigned, else today's card as if taken now. */
export interface PayPreview {
  amountCents: Cents;
  urgent: boolean;
  level: string;
}

/** The card frozen on an order; one assigned before cards were frozen (or not yet assigned) is paid by today's. */
export function rateCardFor(frozen: unknown, current: RateCard): RateCard {
  const parsed = rateCardSchema.safeParse(frozen);
  return parsed.success ? parsed.data : current;
}

export function payPreview(work: EarningWork, frozen: unknown, current: RateCard): PayPreview {
  const card = rateCardFor(frozen, current);
  const earning = computeEarning(work, card);
  return { amountCents: earning.totalCents, urgent: earning.urgent, level: card.level };
}

/**
 * A completed order's escrow at approval: the platform's part goes to revenue now, the writer's
 * earning stays in escrow through the hold (a refund meanwhile comes out of revenue, RULES.md
 * "refund … or platform_revenue after completion"). When the escrow holds less than the earning
 * (refunded in part, paid before the ledger existed) it all stays held.
 */
export function completionSplit(escrowCents: Cents, earningCents: Cents): { revenueCents: Cents; heldCents: Cents } {
  const escrow = Math.max(0, escrowCents);
  const heldCents = Math.min(escrow, Math.max(0, earningCents));
  return { revenueCents: escrow - heldCents, heldCents };
}

/**
 * A matured earning is paid to the writer whatever the client paid: from what the escrow still
 * holds first, the rest from platform revenue.
 */
export function maturitySplit(earningCents: Cents, escrowCents: Cents): { fromEscrowCents: Cents; fromRevenueCents: Cents } {
  const fromEscrowCents = Math.min(Math.max(0, escrowCents), earningCents);
  return { fromEscrowCents, fromRevenueCents: earningCents - fromEscrowCents };
}

/**
 * An earning's life (RULES.md): pending until it matures after the hold, then in a payout, then
 * paid; frozen meanwhile for a dispute or a fraud review. This issue builds pending -> matured;
 * payouts and freezes come with the writers' payouts.
 */
export const EARNING_STATUSES = ['pending', 'matured', 'in_payout', 'paid', 'frozen'] as const;
export type EarningStatus = (typeof EARNING_STATUSES)[number];

export const EARNING_TRANSITIONS: Record<EarningStatus, readonly EarningStatus[]> = {
  pending: ['matured', 'frozen'],
  frozen: ['pending'],
  // A payout batch holds a matured earning's entry without writing the earning (src/writers/payouts):
  // it reads as in_payout from its line, and becomes paid when the batch is paid.
  matured: ['in_payout', 'paid'],
  in_payout: ['paid', 'matured'],
  paid: [],
};

export const canMoveEarning = (from: EarningStatus, to: EarningStatus): boolean => EARNING_TRANSITIONS[from].includes(to);

export const maturesAt = (approvedAt: Date, holdDays: number): Date => new Date(approvedAt.getTime() + holdDays * 24 * HOUR_MS);

/** Ledger idempotency keys: one completion posting per order, one maturity posting per earning. */
export const completionLedgerKey = (orderId: number) => `order-completion:${orderId}`;
export const maturityLedgerKey = (earningId: number) => `earning-matured:${earningId}`;
