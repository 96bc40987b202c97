import { describe, expect, it } from 'vitest';
import { noticesForMessage, noticesForOrderStep } from '../../src/notifications/rules.js';

const order = { id: 7, number: 'SC-0007', clientId: 1, writerId: 2 };
const who = (notices: Array<{ userId: number; kind: string }>) => notices.map((n) => [n.userId, n.kind]);

describe('who hears of an order’s step', () => {
  it('tells the people it concerns, never the one who acted', () => {
    expect(who(noticesForOrderStep({ action: 'deliver', to: 'submitted', actorUserId: 2 }, order))).toEqual([[1, 'order.delivered']]);
    expect(who(noticesForOrderStep({ action: 'request_revision', to: 'revision_requested', actorUserId: 1 }, order))).toEqual([
      [2, 'order.revision_requested'],
    ]);
    expect(who(noticesForOrderStep({ action: 'open_dispute', to: 'disputed', actorUserId: 1 }, order))).toEqual([[2, 'order.disputed']]);
    // An admin's hold concerns both; an admin's assignment with auto-accept too, an offer only the writer.
    expect(who(noticesForOrderStep({ action: 'hold', to: 'on_hold', actorUserId: 99 }, order))).toEqual([
      [1, 'order.on_hold'],
      [2, 'order.on_hold'],
    ]);
    expect(who(noticesForOrderStep({ action: 'assign', to: 'pending_writer_acceptance', actorUserId: 99 }, order))).toEqual([
      [2, 'order.invited'],
    ]);
    // Steps nobody outside staff needs to hear of, and an order without a writer.
    expect(noticesForOrderStep({ action: 'file_uploaded', to: 'in_progress', actorUserId: 2 }, order)).toEqual([]);
    expect(who(noticesForOrderStep({ action: 'cancel', to: 'cancelled', actorUserId: 99 }, { ...order, writerId: null }))).toEqual([
      [1, 'order.cancelled'],
    ]);
  });

  it('words a declined cancellation differently from a granted one', () => {
    const granted = noticesForOrderStep({ action: 'resolve_cancellation', to: 'cancelled', actorUserId: 99 }, order);
    const declined = noticesForOrderStep({ action: 'resolve_cancellation', to: 'in_progress', actorUserId: 99 }, order);
    expect(granted[0]!.title).toBe('Order SC-0007 is cancelled');
    expect(declined[0]!.title).toBe('Your cancellation of order SC-0007 was declined');
  });
});

describe('who hears of a message', () => {
  it('tells the other party of the thread; staff threads reach their customer only when staff write', () => {
    expect(who(noticesForMessage({ threadKind: 'client_writer', authorId: 1, authorRole: 'client' }, order))).toEqual([
      [2, 'message.received'],
    ]);
    expect(who(noticesForMessage({ threadKind: 'client_writer', authorId: 2, authorRole: 'writer' }, order))).toEqual([
      [1, 'message.received'],
    ]);
    expect(who(noticesForMessage({ threadKind: 'client_support', authorId: 50, authorRole: 'support' }, order))).toEqual([
      [1, 'message.received'],
    ]);
    expect(noticesForMessage({ threadKind: 'client_support', authorId: 1, authorRole: 'client' }, order)).toEqual([]);
    expect(noticesForMessage({ threadKind: 'internal', authorId: 50, authorRole: 'admin' }, order)).toEqual([]);
  });
});
