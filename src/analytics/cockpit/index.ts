/** The analytics/cockpit sub-area's public module: an order at a glance, and audit timelines, for the back office. */
export { orderCockpit, type OrderCockpit } from './service.js';
export { orderAuditTimeline, personAuditTimeline, type AuditTimeline, type AuditTimelineRow } from './audit.js';
