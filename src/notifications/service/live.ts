import { ctx } from '../../platform/context.js';
import { currentTransaction } from '../../platform/database.js';
import { publishLive } from '../../platform/live-bus.js';

/**
 * The live side of notifications: when new notifications are written, every stream of their
 * recipients (in any API process: src/platform/live-bus.ts) is woken and reads them from the
 * database. The wake-up goes out after the notifications' transaction commits — a stream woken
 * earlier would find nothing, and a rolled-back dispatch must wake no one.
 */
export const userTopic = (userId: number) => `user:${userId}`;

/** Wakes the streams of `userIds` once the current transaction (if any) has committed. */
export function announceNotifications(userIds: readonly number[]): void {
  const users = [...new Set(userIds)];
  if (!users.length) return;
  const wake = () => {
    for (const userId of users)
      publishLive(userTopic(userId), { type: 'notifications' }).catch((err: unknown) =>
        // A lost wake-up delays the stream until its next one (or the client's reconnect): nothing is lost.
        ctx().logger.warn({ err, userId }, 'announcing notifications to live streams failed'),
      );
  };
  const transaction = currentTransaction();
  if (transaction) transaction.afterCommit(wake);
  else wake();
}
