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
