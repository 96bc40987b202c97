/**
 * CSV for spreadsheets: the one rule every export applies to text typed by people, and the
 * line-by-line writer of the back office's exports (analytics/exports) and the payments and
 * payouts files. Kept in platform because the payments and writers areas, below analytics,
 * apply the same rule.
 */

/**
 * A cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading tab or
 * carriage return that hides one) is written as text: prefixed with a quote. Numbers are written
 * as numbers by the callers, so only text passes here.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A text cell as written: neutralised, then quoted when needed. */
export const csvText = (value: string | null | undefined): string => csvField(neutraliseFormula(value));

/** Integer minor units as a decimal string (1234 -> "12.34", -5 -> "-0.05"): no float touches the amount. */
export function centsAsDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
