import type { Actor } from '../platform/actor.js';

/** Notifications are their recipient's alone: a signed-in user reads and marks their own (staff too). */
export const canReadNotifications = (actor: Actor): actor is Actor & { userId: number } => actor.userId !== null;
