import type { AccountKind, TransactionKind } from '../../ledger/index.js';

/**
 * What a monthly statement says, line by line, defined from the ledger's chart of accounts
 * (RULES.md "Ledger postings"). A line is the net of the month's entries on one kind of account in
 * transactions of some kinds, signed so that the usual case reads positive. A reversal counts
 * under the kind of the transaction it reverses, so a reversed payment lowers "payments" instead
 * of appearing apart. The explanation of each line is printed in the PDF. Pure data: the SQL in
 * figures.ts is generated from it.
 */

export type StatementSection = 'received' | 'revenue' | 'refunds' | 'writers' | 'other';

export interface Cell {
  transactions: readonly TransactionKind[];
  account: AccountKind;
  /** 1: the account's net credits; -1: its net debits. */
  sign: 1 | -1;
  /** Only the account's credits, or only its debits, where one kind moves money both ways (advances). */
  part?: 'credits' | 'debits';
}

export interface LineDefinition {
  key: string;
  section: StatementSection;
  label: string;
  explanation: string;
  cells: readonly Cell[];
  /** A subtotal, drawn in bold. */
  total?: boolean;
}

const cell = (
  transactions: TransactionKind | readonly TransactionKind[],
  account: AccountKind,
  sign: 1 | -1 = 1,
  part?: Cell['part'],
): Cell => ({
  transactions: typeof transactions === 'string' ? [transactions] : transactions,
  account,
  sign,
  ...(part ? { part } : {}),
});

const revenueCells = [
  cell('order_completion', 'platform_revenue'),
  cell('cancellation', 'platform_revenue'),
  cell('tip', 'platform_revenue'),
];
const refundCells = [cell('refund_wallet', 'client_wallet'), cell('refund_card', 'stripe_clearing'), cell('cancellation', 'client_wallet')];

export const STATEMENT_LINES = [
  {
    key: 'paymentsCard',
    section: 'received',
    label: 'Order payments by card',
    explanation: 'Card payments confirmed by Stripe, into order escrow.',
    cells: [cell('order_payment_card', 'order_escrow')],
  },
  {
    key: 'paymentsOffline',
    section: 'received',
    label: 'Order payments, offline',
    explanation: 'Offline payments approved by staff, into order escrow.',
    cells: [cell('order_payment_manual', 'order_escrow')],
  },
  {
    key: 'paymentsWallet',
    section: 'received',
    label: 'Order payments from wallets',
    explanation: 'Wallet credit clients spent on orders (money already held, not new money).',
    cells: [cell('order_payment_wallet', 'order_escrow')],
  },
  {
    key: 'walletTopups',
    section: 'received',
    label: 'Wallet top-ups by card',
    explanation: 'Card payments that added credit to client wallets.',
    cells: [cell('wallet_topup_card', 'client_wallet')],
  },

  {
    key: 'revenueCompletions',
    section: 'revenue',
    label: 'Platform share of completed orders',
    explanation: "When an order is approved, its price less the writer's earning (less any earning the order's escrow no longer covered).",
    cells: [revenueCells[0]!],
  },
  {
    key: 'revenueForfeits',
    section: 'revenue',
    label: 'Cancellation forfeits',
    explanation: 'The part of a cancelled order the platform kept.',
    cells: [revenueCells[1]!],
  },
  {
    key: 'revenueTips',
    section: 'revenue',
    label: 'Platform share of tips',
    explanation: "Tips less the writers' share.",
    cells: [revenueCells[2]!],
  },
  {
    key: 'revenueTotal',
    section: 'revenue',
    label: 'Revenue recognised',
    explanation: 'The three lines above (refunds after completion are shown under refunds).',
    cells: revenueCells,
    total: true,
  },

  {
    key: 'refundsWallet',
    section: 'refunds',
    label: 'Refunds to wallets',
    explanation: 'Approved refunds credited to client wallets.',
    cells: [refundCells[0]!],
  },
  {
    key: 'refundsCard',
    section: 'refunds',
    label: 'Refunds to cards',
    explanation: "Refunds confirmed by Stripe to the client's card.",
    cells: [refundCells[1]!],
  },
  {
    key: 'refundsCancellations',
    section: 'refunds',
    label: 'Cancellations returned to wallets',
    explanation: "The part of cancelled orders given back to the client's wallet.",
    cells: [refundCells[2]!],
  },
  {
    key: 'refundsTotal',
    section: 'refunds',
    label: 'Refunds, total',
    explanation: 'The three lines above.',
    cells: refundCells,
    total: true,
  },
  {
    key: 'refundsFromRevenue',
    section: 'refunds',
    label: 'Refunds from platform revenue (included above)',
    explanation: 'Refunds of orders already completed, taken back from revenue.',
    cells: [cell(['refund_wallet', 'refund_card'], 'platform_revenue', -1)],
  },

  {
    key: 'writerEarnings',
    section: 'writers',
    label: 'Writer earnings',
    explanation: "Writers' pay for approved orders as it matures, owed to them.",
    cells: [cell('order_completion', 'writer_payable')],
  },
  {
    key: 'tipsTotal',
    section: 'writers',
    label: 'Tips paid by clients',
    explanation: 'Tips taken from client wallets.',
    cells: [cell('tip', 'client_wallet', -1)],
  },
  {
    key: 'writerTips',
    section: 'writers',
    label: 'Tips to writers',
    explanation: "The writers' share of those tips, owed to them.",
    cells: [cell('tip', 'writer_payable')],
  },
  { key: 'fines', section: 'writers', label: 'Fines', explanation: 'Fines charged to writers.', cells: [cell('fine', 'fines_income')] },
  {
    key: 'finesRefunded',
    section: 'writers',
    label: 'Fines waived or refunded',
    explanation: 'Fines given back (waived, voided, appeal accepted).',
    cells: [cell('fine_refund', 'fines_income', -1)],
  },
  {
    key: 'advances',
    section: 'writers',
    label: 'Advances to writers',
    explanation: "Granted ahead of earnings (paid out with the writer's next batch).",
    cells: [cell('advance', 'writer_payable', 1, 'credits')],
  },
  {
    key: 'advanceRepayments',
    section: 'writers',
    label: 'Advance repayments',
    explanation: "Advances owed back, deducted from the writer's next payout.",
    cells: [cell('advance', 'writer_payable', -1, 'debits')],
  },
  {
    key: 'payouts',
    section: 'writers',
    label: 'Payouts to writers',
    explanation: 'Payout batches marked paid, less batches reversed.',
    cells: [cell('payout', 'writer_payable', -1)],
  },

  {
    key: 'walletCredits',
    section: 'other',
    label: 'Loyalty and referral credit',
    explanation: 'Wallet credit granted for loyalty points and referrals.',
    cells: [cell(['loyalty_conversion', 'referral_reward'], 'client_wallet')],
  },
  {
    key: 'adjustments',
    section: 'other',
    label: 'Staff adjustments, net',
    explanation: 'Added to accounts (negative: taken from them) by staff adjustments.',
    cells: [cell('adjustment', 'adjustments', -1)],
  },
] as const satisfies readonly LineDefinition[];

export type StatementLineKey = (typeof STATEMENT_LINES)[number]['key'];

export const SECTION_TITLES: Record<StatementSection, string> = {
  received: 'Money received',
  revenue: 'Revenue',
  refunds: 'Refunds',
  writers: 'Writers: earnings, tips, fines and payouts',
  other: 'Other movements',
};

/** The balances shown at the month's end, with what their sign means. */
export const BALANCE_ACCOUNTS: ReadonlyArray<{ kind: AccountKind; label: string; explanation: string }> = [
  { kind: 'client_wallet', label: 'Client wallets', explanation: 'Credit held for clients.' },
  { kind: 'order_escrow', label: 'Order escrow', explanation: 'Paid for orders not yet completed.' },
  { kind: 'writer_payable', label: 'Writers payable', explanation: 'Owed to writers, net of fines and advances.' },
  { kind: 'platform_revenue', label: 'Platform revenue', explanation: 'Revenue to date, net of refunds after completion.' },
  { kind: 'fines_income', label: 'Fines income', explanation: 'Fines to date, net of those given back.' },
  { kind: 'stripe_clearing', label: 'Stripe clearing', explanation: 'Negative: received through Stripe, net of card refunds.' },
  { kind: 'manual_clearing', label: 'Offline payments clearing', explanation: 'Negative: received offline.' },
  { kind: 'payouts_clearing', label: 'Payouts clearing', explanation: 'Paid out to writers, net of advances.' },
  { kind: 'loyalty_expense', label: 'Loyalty expense', explanation: 'Negative: loyalty credit granted.' },
  { kind: 'marketing_expense', label: 'Marketing expense', explanation: 'Negative: referral credit granted.' },
  { kind: 'adjustments', label: 'Adjustments', explanation: 'The other side of staff adjustments.' },
];

/** `sum(CASE …)` of a line's cells over rows with columns `kind` (effective transaction kind), `account_kind`, `amount_cents`. */
export function lineSumSql(line: LineDefinition): string {
  const whens = line.cells.map((c) => {
    const kinds = c.transactions.map((k) => `'${k}'`).join(', ');
    const part = c.part === 'credits' ? ' AND amount_cents > 0' : c.part === 'debits' ? ' AND amount_cents < 0' : '';
    return `WHEN kind IN (${kinds}) AND account_kind = '${c.account}'${part} THEN ${c.sign === 1 ? '' : '-'}amount_cents`;
  });
  return `COALESCE(sum(CASE ${whens.join(' ')} END), 0)::bigint`;
}

/** "2026-11" -> valid month string, or null. */
export const MONTH_PATTERN = /^(20\d{2})-(0[1-9]|1[0-2])$/;
