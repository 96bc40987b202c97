import type { WriterLevelStanding, WriterStandingProvider } from '../../../orders/index.js';
import { rateCardOfLevel } from '../rules.js';
import { levelsOfWriters, termsOf } from './levels.js';

/**
 * The orders' writer standing provider (registered in src/wiring.ts): a writer's level gives the
 * capacity and the pay terms (rate card, urgency) an order is taken, requested or assigned by.
 */
export const writerStandingProvider: WriterStandingProvider = {
  async standingsOf(writerIds, websiteId) {
    const levels = await levelsOfWriters(writerIds, websiteId);
    return new Map(
      writerIds.map((id): [number, WriterLevelStanding] => {
        const level = levels.get(id)!;
        return [
          id,
          { level: level.name, maxActiveOrders: level.maxActiveOrders, payTerms: rateCardOfLevel(termsOf(level)), restriction: null },
        ];
      }),
    );
  },
};
