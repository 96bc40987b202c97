/** The back-office search's public module (analytics/search): code outside this folder imports from here only. */
export { searchBackOffice } from './service.js';
export type { SearchAnswer, SearchResult } from './service.js';
export { SEARCH_TYPES } from './policy.js';
export type { SearchType } from './policy.js';
export { MAX_QUERY_LENGTH, MIN_QUERY_LENGTH } from './query.js';
