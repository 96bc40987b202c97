import type { PayTerms } from './writer-pay.js';

/**
 * A writer's standing as the writers area keeps it (level, its capacity and pay terms, probation or
 * suspension): orders asks for it when a writer takes, requests or is given an order, and when it
 * shows the pool. Writers provides it, registered in src/wiring.ts: orders imports nothing of writers.
 */
export interface WriterRestriction {
  kind: 'probation' | 'suspension';
  reason: string;
  endsAt: Date;
}

export interface WriterLevelStanding {
  /** The writer's level name. */
  level: string;
  /** The level's maximum of active orders (a personal override on the user wins). */
  maxActiveOrders: number;
  /** The level's pay terms (its rate card): what an order pays this writer if they get it now. */
  payTerms: PayTerms;
  /** A probation or suspension in force, if any. */
  restriction: WriterRestriction | null;
}

export interface WriterStandingProvider {
  /** The standing of writers of one website, by writer id (every id asked is answered). */
  standingsOf(writerIds: readonly number[], websiteId: number): Promise<Map<number, WriterLevelStanding>>;
}

let provider: WriterStandingProvider | undefined;

/** Registers the provider (src/wiring.ts); registering again replaces it. */
export function provideWriterStanding(next: WriterStandingProvider): void {
  provider = next;
}

export function writerStandingProvider(): WriterStandingProvider {
  if (!provider) throw new Error('No writer standing provider: src/wiring.ts registers it at boot');
  return provider;
}

export async function levelStandingOf(writerId: number, websiteId: number): Promise<WriterLevelStanding> {
  return (await writerStandingProvider().standingsOf([writerId], websiteId)).get(writerId)!;
}
