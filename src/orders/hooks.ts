import type { Actor } from '../platform/actor.js';
import { hookPoint } from '../platform/hooks.js';
import type { CancellationDecision, Order } from './models.js';

/**
 * Extension points for areas that build on orders without orders depending on them (fines for a
 * dropped order, earnings on approval…), registered in src/wiring.ts. Hooks run inside the use
 * case's transaction: a throw rolls the whole use case back.
 */
export interface WriterDroppedEvent {
  actor: Actor;
  order: Order;
  writerId: number;
  reason: string;
  /** Hours left to the writer deadline when dropped (negative when already late). */
  hoursLeft: number | null;
}

/** An admin cancelled the order with this refund decision (the payments area executes it). */
export interface OrderCancelledEvent {
  actor: Actor;
  order: Order;
  decision: CancellationDecision;
}

/** A writer now holds the order (assigned, took it, accepted an invitation): the writers area freezes the rate card. */
export interface WriterAssignedEvent {
  actor: Actor;
  order: Order;
}

/** The order reached completed (approved by the client or the system, or a dispute resolved so): its escrow is settled. */
export interface OrderCompletedEvent {
  actor: Actor;
  order: Order;
}

/** The writer handed the work in to editing (the order is now under_editing): the editors area opens a task. */
export interface SentToEditingEvent {
  actor: Actor;
  order: Order;
  note: string | null;
}

const writerDropped = hookPoint<WriterDroppedEvent>();
const orderCancelled = hookPoint<OrderCancelledEvent>();
const writerAssigned = hookPoint<WriterAssignedEvent>();
const orderCompleted = hookPoint<OrderCompletedEvent>();
const sentToEditing = hookPoint<SentToEditingEvent>();

export const orderHooks = {
  onWriterDropped: writerDropped.on,
  writerDropped: writerDropped.run,
  onOrderCancelled: orderCancelled.on,
  orderCancelled: orderCancelled.run,
  onWriterAssigned: writerAssigned.on,
  writerAssigned: writerAssigned.run,
  onOrderCompleted: orderCompleted.on,
  orderCompleted: orderCompleted.run,
  onSentToEditing: sentToEditing.on,
  sentToEditing: sentToEditing.run,
};
