/** The orders/messages sub-area's public module: code outside src/orders/messages/ imports from here only (docs/ARCHITECTURE.md). */
export { initMessageModels, MessageRule, MessageThread, OrderMessage, MessageAttachment } from './models.js';
export { orderMessagesRouter } from './routes.js';
export { MESSAGE_RULE_ACTIONS } from './rules.js';
export type { MessageRuleAction } from './rules.js';
export { createMessageRule, deleteMessageRule, updateMessageRule } from './service/message-rules.js';
export type { MessageRuleInput } from './service/message-rules.js';
export { reviewHeldMessageById } from './service/review.js';
export { attachmentHoldsStoredObject } from './service/attachments.js';
export { MESSAGE_POSTED_EVENT, type MessagePostedPayload } from './service/events.js';
