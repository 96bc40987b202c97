/**
 * Formatting shared by our AdminJS components (imported as './format.ts': the AdminJS bundler
 * resolves the path as written, tsc rewrites it to .js for dist/).
 */

/** Cents in the record's currency, '—' when there is no amount. */
export function money(cents: number | null | undefined, currency = 'USD'): string {
  if (cents === null || cents === undefined || Number.isNaN(Number(cents))) return '—';
  try {
    return (Number(cents) / 100).toLocaleString(undefined, { style: 'currency', currency });
  } catch {
    return `${(Number(cents) / 100).toFixed(2)} ${currency}`;
  }
}

/**
 * Basis points that multiply a price (a deadline band's ×1.30, single spacing's ×2.00) read as a
 * factor; every other basis-point column (shares, percentages, score thresholds) reads as a percent.
 */
const MULTIPLIER_BP = /multiplier|spacing/i;

export function basisPoints(name: string, bp: number | null | undefined): string {
  if (bp === null || bp === undefined || Number.isNaN(Number(bp))) return '—';
  const value = Number(bp);
  if (MULTIPLIER_BP.test(name)) return `×${(value / 10_000).toFixed(2)}`;
  const percent = value / 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(2)} %`;
}

/** A moment in the staff member's own timezone (their profile's), with the zone named so no one guesses. */
export function dateTime(value: unknown, timeZone = 'UTC', withTime = true): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  // dateStyle/timeStyle refuse timeZoneName alongside them: the fields are spelled out.
  const day: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', timeZone };
  const options: Intl.DateTimeFormatOptions = withTime ? { ...day, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : day;
  try {
    return date.toLocaleString(undefined, options);
  } catch {
    return date.toLocaleString(undefined, { ...options, timeZone: 'UTC' });
  }
}

export type BadgeVariant = 'success' | 'danger' | 'info' | 'primary' | 'secondary' | 'light';

/**
 * The colour of a status by what it means to the person reading the list: green for done and
 * good, red for failed, refused or in trouble, amber (secondary) for waiting on someone, blue for
 * work going on, grey for closed or not started. Unknown values read as work going on.
 */
const STATUS_MEANING: Array<[BadgeVariant, RegExp]> = [
  ['success', /^(completed|approved|paid|succeeded|active|resolved|published|sent|delivered|settled|accepted|closed_won|verified|done)$/],
  [
    'danger',
    /^(cancelled|canceled|failed|disputed|rejected|refused|suspended|banned|breached|overdue|declined|flagged|spam|bounced|blocked|expired|reversed|voided|lost|urgent)$/,
  ],
  [
    'secondary',
    /^(pending.*|ready_for_staffing|requested|awaiting.*|waiting.*|held|on_hold|appealed|open|new|queued|scheduled|probation|revision_requested|due|high)$/,
  ],
  ['light', /^(draft|archived|closed|inactive|deleted|withdrawn|superseded|retired|unsubscribed|low)$/],
];

export function statusVariant(value: string): BadgeVariant {
  for (const [variant, pattern] of STATUS_MEANING) if (pattern.test(value)) return variant;
  return 'info';
}

export const words = (value: string): string => value.replace(/_/g, ' ');
