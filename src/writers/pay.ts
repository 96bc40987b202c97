import type { WriterPayProvider } from '../orders/index.js';
import { earningWorkOf, payPreview, type RateCard } from './rules.js';

/**
 * The orders' writer pay provider (registered in src/wiring.ts): an order pays by the card frozen
 * on it at assignment, else by the writer's level's card today (given by the standing provider).
 */
export const writerPayProvider: WriterPayProvider = {
  preview: (work, frozen, current) => payPreview(earningWorkOf(work), frozen, current as RateCard),
};
