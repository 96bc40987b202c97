/** The support area's public module: code outside src/support/ imports from here only (docs/ARCHITECTURE.md). */
export { initSupportModels, SupportCannedReply, SupportTicket, SupportTicketMessage } from './models.js';
export { ticketRoleOf } from './policy.js';
export { ACTIVE_STATUSES, TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES, ticketStatusesFor } from './rules.js';
export type { TicketCategory, TicketPriority, TicketRole, TicketStatus } from './rules.js';
export { MY_TICKETS_PATH, myTicketsHandlers, supportRouter } from './routes.js';
export { supportSettings } from './settings.js';
export { ticketAttachmentHoldsStoredObject } from './service/attachments.js';
export { createCannedReply, updateCannedReply } from './service/canned.js';
export { openTicket, postCustomerMessage } from './service/customer.js';
export { supportDashboard, type SupportDashboard } from './service/dashboard.js';
export { agentChoices, cannedRepliesFor, getMyTicket, listMyTickets, staffTicketThread } from './service/queries.js';
export { setTicketPriority } from './service/priority.js';
export { rebalanceTickets, type RebalanceRun } from './service/rebalance.js';
export { applyTicketSla, type SlaRun } from './service/sla.js';
export {
  assignTicket,
  claimTicket,
  closeTicket,
  escalateTicket,
  replyToTicket,
  resolveTicket,
  runTicketBulk,
  unassignTicket,
  type TicketBulkResult,
} from './service/staff.js';
export { TICKET_ESCALATED_EVENT, TICKET_REPLIED_EVENT, type TicketEventPayload } from './service/events.js';
