import { describe, expect, it } from 'vitest';
import {
  noticesForLevelChanged,
  noticesForPaymentConfirmed,
  noticesForReviewModerated,
  noticesForTicketEscalated,
  noticesForTicketReply,
} from '../../src/notifications/area-rules.js';
import { applyChannelChange, digestPeriod, effectiveChannels } from '../../src/notifications/preference-rules.js';

/** The pure rules: who hears of the other areas' events, and what the preferences keep. */
describe('area rules', () => {
  const level = { writerId: 7, fromLevelId: 1, fromLevel: 'Entry', toLevelId: 2, toLevel: 'Standard', actorUserId: null };
  it('tell the writer of an evaluation’s promotion and demotion, and of an admin’s change, but not the admin', () => {
    expect(noticesForLevelChanged({ ...level, direction: 'up', cause: 'evaluation' })).toEqual([
      expect.objectContaining({ userId: 7, kind: 'writer.level_changed', title: 'You were promoted to Standard', link: '/writer/profile' }),
    ]);
    const down = noticesForLevelChanged({ ...level, toLevel: 'Entry', fromLevel: 'Standard', direction: 'down', cause: 'evaluation' });
    expect(down[0]).toMatchObject({ title: 'Your level changed to Entry' });
    expect(down[0]!.body).toContain('breached');
    expect(noticesForLevelChanged({ ...level, direction: 'up', cause: 'manual', actorUserId: 3 })).toHaveLength(1);
    // A writer never acts on their own level, but the rule holds: whoever acted is not told.
    expect(noticesForLevelChanged({ ...level, direction: 'up', cause: 'manual', actorUserId: 7 })).toEqual([]);
  });

  it('tell the client of a payment unless they made it; a wallet top-up reads as one', () => {
    const payment = {
      paymentId: 4,
      clientId: 9,
      orderId: null,
      method: 'card',
      purpose: 'wallet_topup',
      amountCents: 2_550,
      currency: 'USD',
    };
    expect(noticesForPaymentConfirmed({ ...payment, actorUserId: null }, null)).toEqual([
      expect.objectContaining({ userId: 9, title: 'Your wallet top-up of $25.50 is confirmed', link: '/payments/4' }),
    ]);
    expect(noticesForPaymentConfirmed({ ...payment, actorUserId: 9 }, null)).toEqual([]);
  });

  it('keep flagging and shadowing from the review’s author; route ticket news by who wrote', () => {
    const review = {
      reviewId: 1,
      reviewerId: 5,
      target: 'order',
      orderId: 2,
      writerId: 3,
      status: 'flagged',
      visibility: 'public',
      actorUserId: 8,
    };
    expect(noticesForReviewModerated({ ...review, transition: 'flag' })).toEqual([]);
    expect(noticesForReviewModerated({ ...review, transition: 'shadow' })).toEqual([]);
    const ticket = {
      ticketId: 11,
      requesterId: 5,
      requesterRole: 'client' as const,
      assigneeId: null,
      actorUserId: 5,
      actorRole: 'client',
    };
    // A customer's reply on an unassigned ticket waits in the queue: nobody is told.
    expect(noticesForTicketReply(ticket)).toEqual([]);
    expect(noticesForTicketReply({ ...ticket, assigneeId: 6 })).toEqual([expect.objectContaining({ userId: 6 })]);
    // The SLA job's escalation: the agent and every admin, once each.
    expect(
      noticesForTicketEscalated({ ...ticket, assigneeId: 6, actorUserId: null, actorRole: 'system' }, [6, 2]).map((n) => n.userId),
    ).toEqual([6, 2]);
  });
});

describe('preference rules', () => {
  it('keep only what differs from the defaults and ignore kinds that do not exist', () => {
    const once = applyChannelChange(
      {},
      { 'order.assigned': { email: true }, 'order.delivered': { email: true }, 'nope.kind': { email: true } },
    );
    expect(once).toEqual({ 'order.assigned': { email: true } });
    expect(applyChannelChange(once, { 'order.assigned': { email: false } })).toEqual({});
    expect(effectiveChannels('payout.paid', {})).toEqual({ inApp: true, email: true, sms: false });
    expect(effectiveChannels('order.on_hold', { 'order.on_hold': { sms: true } })).toEqual({ inApp: true, email: false, sms: true });
  });

  it('name a digest period by the hour or the UTC day it closes', () => {
    const now = new Date('2026-12-07T10:42:13Z');
    expect(digestPeriod('hourly', now)).toEqual({ key: '2026-12-07T10', before: new Date('2026-12-07T10:00:00Z') });
    expect(digestPeriod('daily', now)).toEqual({ key: '2026-12-07', before: new Date('2026-12-07T00:00:00Z') });
  });
});
