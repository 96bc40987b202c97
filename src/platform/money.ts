/**
 * Money is integer minor units (cents). Rates and multipliers are integers in basis points
 * (1.2 = 12_000 bp) so that no float ever touches an amount.
 */
export type Cents = number;
export type BasisPoints = number;

export const BP_ONE: BasisPoints = 10_000;

export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of cents, got ${value}`);
  return value;
}

/** Integer division rounding half away from zero (half-up for the positive amounts we price). */
export function divideRoundHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) throw new RangeError('denominator must be positive');
  const sign = numerator < 0 ? -1 : 1;
  const abs = Math.abs(numerator);
  return sign * Math.floor((abs * 2 + denominator) / (denominator * 2));
}

/** cents × multiplier, rounded half-up to a cent. */
export function applyBasisPoints(amount: Cents, multiplier: BasisPoints): Cents {
  return divideRoundHalfUp(amount * multiplier, BP_ONE);
}

/** A decimal like 1.25 as basis points (12_500), rejecting more precision than basis points hold. */
export function toBasisPoints(decimal: number): BasisPoints {
  const bp = Math.round(decimal * BP_ONE);
  if (Math.abs(bp - decimal * BP_ONE) > 1e-6) throw new RangeError(`${decimal} has more than 4 decimal places`);
  return bp;
}

export function formatMoney(amount: Cents, currency: string, locale = 'en-US'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount / 100);
}
