import type { Actor } from '../../platform/actor.js';
import { editorHoldsOrder } from '../editing.js';
import { canActAsOrderStaff, canSeeOrder } from '../policy.js';
import type { OrderParty } from './rules.js';

type OrderRef = { id: number; websiteId: number; clientId: number | null; writerId: number | null };

/** Whether this editor holds the editing task of the order (the editors area answers, through orders' editing provider). */
export const editorHasTaskOnOrder = (editorUserId: number, orderId: number): Promise<boolean> => editorHoldsOrder(editorUserId, orderId);

/**
 * How the actor stands to the order for its files, or null when they have no part in it (then
 * the order and its files are reported as not found, never as forbidden).
 */
export async function orderPartyOf(actor: Actor, order: OrderRef): Promise<OrderParty | null> {
  if (canSeeOrder(actor, order)) {
    if (actor.role === 'client') return 'client';
    if (actor.role === 'writer') return 'writer';
    if (canActAsOrderStaff(actor) || actor.role === 'system') return 'staff';
  }
  if (actor.role === 'editor' && actor.userId !== null && actor.websiteId === order.websiteId) {
    return (await editorHasTaskOnOrder(actor.userId, order.id)) ? 'editor' : null;
  }
  return null;
}
