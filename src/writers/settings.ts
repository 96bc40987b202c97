import { z } from 'zod';
import { settingsSection } from '../tenancy/index.js';
import { DEFAULT_EARNING_HOLD_DAYS } from './rules.js';

/** The writers area's section of the website settings (registered in src/wiring.ts). */
export const writerSettings = settingsSection('writers', {
  /** Writers: days an approved order's earning is held before it matures (RULES.md: 14). */
  earningHoldDays: z.number().int().min(0).max(90).default(DEFAULT_EARNING_HOLD_DAYS),
});
