/** The analytics area's public module: code outside src/analytics/ imports from here only (docs/ARCHITECTURE.md). */
export { dashboardFigures } from './dashboard.js';
