import type { WriterLevelStanding, WriterStandingProvider } from '../../../orders/index.js';
import { rateCardOfLevel } from '../rules.js';
import { levelsOfWriters, termsOf } from './levels.js';
import { restrictionsOf } from './warnings.js';

/**
 * The orders' writer standing provider (registered in src/wiring.ts): a writer's level gives the
 * capacity and the pay terms (rate card, urgency) an order is taken, requested or assigned by.
 */
export const writerStandingProvider: WriterStandingProvider = {
  async standingsOf(writerIds, websiteId) {
    const levels = await levelsOfWriters(writerIds, websiteId);
    const restrictions = await restrictionsOf(writerIds, websiteId);
    return new Map(
      writerIds.map((id): [number, WriterLevelStanding] => {
        const level = levels.get(id)!;
        const r = restrictions.get(id);
        const restriction = r ? { kind: r.kind, reason: r.reason, endsAt: r.endsAt } : null;
        return [id, { level: level.name, maxActiveOrders: level.maxActiveOrders, payTerms: rateCardOfLevel(termsOf(level)), restriction }];
      }),
    );
  },
};
