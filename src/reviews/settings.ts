import { z } from 'zod';
import { settingsSection } from '../tenancy/index.js';

/** The reviews area's section of the website settings (registered in src/wiring.ts). */
export const reviewSettings = settingsSection('reviews', {
  /** Reviews: words (or phrases) that send a review to the flagged queue, matched as whole words, any case. */
  reviewProfanity: z.array(z.string().trim().min(1).max(60)).max(1000).default([]),
  /** Reviews: more reviews than this from one account inside the burst window is a burst (flagged). */
  reviewBurstLimit: z.number().int().min(1).max(100).default(4),
  /** Reviews: the burst window, in minutes. */
  reviewBurstMinutes: z.number().int().min(1).max(1440).default(10),
  /** Reviews: a text the same as another review's on the website within this many days is flagged as repeated. */
  reviewRepeatDays: z.number().int().min(1).max(365).default(30),
});
