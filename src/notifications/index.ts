/** The notifications area's public API (in-app notifications from the outbox's events). */
export { initNotificationModels, Notification } from './models.js';
export { notifyOnEvent } from './service/consume.js';
export { notificationsRouter } from './routes.js';
export { NOTICE_KINDS, type NoticeKind } from './rules.js';
export { deliverAfterCommit, deliverNotifications, deliveriesIdle, type DeliveryRun } from './service/deliver.js';
export { sendNotificationDigests, type DigestRun } from './service/digest.js';
export { getPreferences, updatePreferences } from './service/preferences.js';
