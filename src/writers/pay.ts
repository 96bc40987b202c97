import type { WriterPayProvider } from '../orders/index.js';
import { earningWorkOf, payPreview, type RateCard } from './rules.js';
import { writerSettings } from './settings.js';

/**
 * The orders' writer pay provider (registered in src/wiring.ts): the terms are the website's rate
 * card, and an order pays by the card frozen on it at assignment, else by today's.
 */
export const writerPayProvider: WriterPayProvider = {
  termsOf: (settings) => writerSettings.of(settings).writerRateCard,
  preview: (work, frozen, current) => payPreview(earningWorkOf(work), frozen, current as RateCard),
};
