/**
 * What an order pays its writer, as writers see it in the pool and on their own orders. Orders
 * shows it but the writers area owns the rules (rate cards, urgency), so writers provides it,
 * registered in src/wiring.ts: orders imports nothing of writers.
 */
export interface PayPreview {
  amountCents: number;
  urgent: boolean;
  /** The level of the rate card the amount comes from. */
  level: string;
}

/** The work an order asks, as pay counts it. */
export interface PayWork {
  pages: number | null;
  slides: number;
  charts: number;
  deadline: Date | null;
  assignedAt: Date | null;
}

/** A writer's pay terms in force (opaque to orders: their level's rate card, from the writer standing provider). */
export type PayTerms = { readonly __payTerms: unique symbol } | object;

export interface WriterPayProvider {
  /** What the work pays: by the terms frozen on the order at assignment when there are some, else by `current`. */
  preview(work: PayWork, frozen: unknown, current: PayTerms): PayPreview;
}

let provider: WriterPayProvider | undefined;

/** Registers the provider (src/wiring.ts); registering again replaces it. */
export function provideWriterPay(next: WriterPayProvider): void {
  provider = next;
}

export function writerPay(): WriterPayProvider {
  if (!provider) throw new Error('No writer pay provider: src/wiring.ts registers it at boot');
  return provider;
}
