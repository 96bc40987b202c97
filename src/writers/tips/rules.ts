/** Pure rules of tips (RULES.md "Writers"): minimum, review threshold, daily limit, the writer's share. */
export const MIN_TIP_CENTS = 100;
/** Over this a tip waits for staff review. */
export const REVIEW_OVER_CENTS = 100_000;
export const MAX_TIPS_A_DAY = 25;

/** The writer's share by their level (basis points), rounded down to the cent; the rest is the platform's. */
export function tipSplit(amountCents: number, shareBp: number): { writerCents: number; platformCents: number } {
  const writerCents = Math.floor((amountCents * shareBp) / 10_000);
  return { writerCents, platformCents: amountCents - writerCents };
}

export const tipLedgerKey = (clientId: number, requestKey: string) => `tip:${clientId}:${requestKey}`;
