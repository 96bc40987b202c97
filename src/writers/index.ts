/** The writers area's public API: other areas and jobs import from here only. */
export { matureEarnings, type MaturityRun } from './service/earnings.js';
export { listWriterEarnings } from './service/queries.js';
export { EARNING_STATUSES, type EarningStatus, type RateCard } from './rules.js';
