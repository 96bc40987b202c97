/**
 * Pure rules of payments (RULES.md "Payments and refunds"): purposes, methods, the status machine
 * and its transitions, what may be paid, receipt numbers, reminder times. No I/O.
 */

export const PAYMENT_PURPOSES = ['order', 'wallet_topup', 'deadline_change', 'installment', 'revision'] as const;
export type PaymentPurpose = (typeof PAYMENT_PURPOSES)[number];

export const PAYMENT_METHODS = ['wallet', 'card', 'manual'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * A card payment starts `pending` (its intent is created) and ends succeeded | failed | cancelled;
 * a manual one starts `pending_approval` and ends succeeded | rejected; a wallet payment is posted
 * and recorded `succeeded` at once.
 */
export const PAYMENT_STATUSES = ['pending', 'pending_approval', 'succeeded', 'failed', 'cancelled', 'rejected'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['succeeded', 'failed', 'cancelled', 'rejected'];

/** Who moves a payment: 'system' is a webhook or job, 'admin' covers superadmins. */
export type PaymentRole = 'system' | 'admin' | 'client';

export type PaymentTransitionName = 'succeed' | 'fail' | 'cancel' | 'approve' | 'reject';

interface PaymentTransition {
  from: readonly PaymentStatus[];
  to: PaymentStatus;
  methods: readonly PaymentMethod[];
  roles: readonly PaymentRole[];
}

/** The one transitions table (DESIGN.md "State machines"). */
export const PAYMENT_TRANSITIONS: Record<PaymentTransitionName, PaymentTransition> = {
  // A card payment is confirmed by Stripe (webhook or the confirmation call) — never by a person.
  // A failed attempt is not final at Stripe (the client may retry the same intent with another
  // card), and money that arrived must be recorded: so a failed or locally cancelled card payment
  // may still succeed (the money then goes where it still can: the order, else the wallet).
  succeed: { from: ['pending', 'failed', 'cancelled'], to: 'succeeded', methods: ['card'], roles: ['system'] },
  fail: { from: ['pending'], to: 'failed', methods: ['card'], roles: ['system'] },
  // The client abandons a card intent, or the system does when the intent is cancelled or expires.
  cancel: { from: ['pending', 'failed'], to: 'cancelled', methods: ['card'], roles: ['system', 'client', 'admin'] },
  // Offline money is seen by an admin before it counts.
  approve: { from: ['pending_approval'], to: 'succeeded', methods: ['manual'], roles: ['admin'] },
  reject: { from: ['pending_approval'], to: 'rejected', methods: ['manual'], roles: ['admin'] },
};

export type PaymentTransitionDecision =
  { ok: true; to: PaymentStatus } | { ok: false; reason: 'wrong_status' | 'wrong_method' | 'not_allowed_for_role'; message: string };

export function decidePaymentTransition(input: {
  transition: PaymentTransitionName;
  from: PaymentStatus;
  method: PaymentMethod;
  role: PaymentRole;
}): PaymentTransitionDecision {
  const rule = PAYMENT_TRANSITIONS[input.transition];
  if (!rule.methods.includes(input.method)) {
    return { ok: false, reason: 'wrong_method', message: `A ${input.method} payment cannot ${input.transition}` };
  }
  if (!rule.roles.includes(input.role)) {
    return { ok: false, reason: 'not_allowed_for_role', message: `Your role may not ${input.transition} a payment` };
  }
  if (!rule.from.includes(input.from)) {
    const words = (status: string) => status.replace('_', ' ');
    return {
      ok: false,
      reason: 'wrong_status',
      message: `Only a ${rule.from.map(words).join(' or ')} payment can ${input.transition}; this one is ${words(input.from)}`,
    };
  }
  return { ok: true, to: rule.to };
}

/** The largest amount one wallet or card payment may take (far below the ledger's own cap). */
export const MAX_PAYMENT_CENTS = 100_000_000;

export type AmountCheck = { ok: true; amountCents: number } | { ok: false; message: string };

/**
 * What a payment of `requested` cents (or the whole outstanding when absent) may be: positive,
 * whole, at most what is owed. Partial payments are allowed — that is how an order is paid in parts.
 */
export function payableAmount(outstandingCents: number, requested: number | undefined): AmountCheck {
  if (outstandingCents <= 0) return { ok: false, message: 'nothing is owed on this order' };
  const amount = requested ?? outstandingCents;
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, message: 'must be a positive whole number of cents' };
  if (amount > outstandingCents) return { ok: false, message: `must be at most the outstanding ${outstandingCents} cents` };
  if (amount > MAX_PAYMENT_CENTS) return { ok: false, message: `must be at most ${MAX_PAYMENT_CENTS} cents` };
  return { ok: true, amountCents: amount };
}

/** Receipt numbers: per website, increasing, with a prefix so they never read as order numbers. */
export const formatReceiptNumber = (value: number): string => `R-${String(value).padStart(6, '0')}`;

/** Payment reminders for unpaid placed orders, hours after placing (RULES.md). */
export const REMINDER_KINDS = ['24h', '72h'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const REMINDER_AFTER_HOURS: Record<ReminderKind, number> = { '24h': 24, '72h': 72 };

/**
 * Which reminder an unpaid order is due for now: the latest one whose time has come and that was
 * not sent yet. An order placed long ago gets only the 72 h reminder, not both at once.
 */
export function dueReminder(placedAt: Date, now: Date, sent: readonly ReminderKind[]): ReminderKind | null {
  const hours = (now.getTime() - placedAt.getTime()) / 3_600_000;
  const due = [...REMINDER_KINDS].reverse().find((kind) => hours >= REMINDER_AFTER_HOURS[kind]);
  if (!due || sent.includes(due)) return null;
  // Once the 72 h reminder went out, the 24 h one is history.
  if (due === '24h' && sent.includes('72h')) return null;
  return due;
}

/** The ledger idempotency key of a payment's posting: derived from the request's key when there is one. */
export function ledgerKeyFor(kind: string, requestKey: string | undefined, fallback: string): string {
  return requestKey ? `payment:${kind}:req:${requestKey}`.slice(0, 200) : `payment:${kind}:${fallback}`.slice(0, 200);
}
