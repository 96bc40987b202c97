import type { Actor } from '../identity/actor.js';
import type { CancellationDecision, Order } from './models.js';

/**
 * Extension points for areas that build on orders without orders depending on them (fines for a
 * dropped order, earnings on approval…). Hooks run inside the use case's transaction: a throw
 * rolls the whole use case back.
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

type Hook<E> = (event: E) => Promise<void>;

const writerDropped: Array<Hook<WriterDroppedEvent>> = [];
const orderCancelled: Array<Hook<OrderCancelledEvent>> = [];
const writerAssigned: Array<Hook<WriterAssignedEvent>> = [];
const orderCompleted: Array<Hook<OrderCompletedEvent>> = [];

export const orderHooks = {
  onWriterDropped(hook: Hook<WriterDroppedEvent>): void {
    writerDropped.push(hook);
  },
  async writerDropped(event: WriterDroppedEvent): Promise<void> {
    for (const hook of writerDropped) await hook(event);
  },
  onOrderCancelled(hook: Hook<OrderCancelledEvent>): void {
    orderCancelled.push(hook);
  },
  async orderCancelled(event: OrderCancelledEvent): Promise<void> {
    for (const hook of orderCancelled) await hook(event);
  },
  onWriterAssigned(hook: Hook<WriterAssignedEvent>): void {
    writerAssigned.push(hook);
  },
  async writerAssigned(event: WriterAssignedEvent): Promise<void> {
    for (const hook of writerAssigned) await hook(event);
  },
  onOrderCompleted(hook: Hook<OrderCompletedEvent>): void {
    orderCompleted.push(hook);
  },
  async orderCompleted(event: OrderCompletedEvent): Promise<void> {
    for (const hook of orderCompleted) await hook(event);
  },
};
