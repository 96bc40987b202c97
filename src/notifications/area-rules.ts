import type { PaymentConfirmedPayload } from '../payments/index.js';
import type { RefundDecidedPayload } from '../payments/refunds/index.js';
import type { ReviewModeratedPayload } from '../reviews/index.js';
import type { TicketEventPayload } from '../support/index.js';
import type { FineEventPayload } from '../writers/fines/index.js';
import type { LevelChangedPayload } from '../writers/levels/index.js';
import type { PayoutPaidPayload } from '../writers/payouts/index.js';
import { formatMoney } from '../platform/money.js';
import type { Notice } from './rules.js';

/**
 * Who hears of the other areas' events (pure, like rules.ts for orders and messages): payments,
 * refunds, fines, payouts, support tickets, reviews and writer levels. The person who acted is
 * never told of their own act. Links are paths of the event's own website (its portal, or its back
 * office for staff), never absolute: the email adds the website's base URL.
 */

/** Back-office pages of a record (staff): AdminJS resource ids are table names. */
const adminLink = (table: string, id: number) => `/admin/resources/${table}/records/${id}/show`;

const only = (notice: Notice, actorUserId: number | null): Notice[] => (notice.userId === actorUserId ? [] : [notice]);

const money = (cents: number, currency: string) => formatMoney(cents, currency);

const orderPart = (orderNumber: string | null) => (orderNumber ? ` for order ${orderNumber}` : '');

/** The client whose payment succeeded (not when they paid from their own wallet: they just did it). */
export function noticesForPaymentConfirmed(p: PaymentConfirmedPayload, orderNumber: string | null): Notice[] {
  const topUp = p.purpose === 'wallet_topup';
  return only(
    {
      userId: p.clientId,
      kind: 'payment.confirmed',
      title: topUp
        ? `Your wallet top-up of ${money(p.amountCents, p.currency)} is confirmed`
        : `Payment of ${money(p.amountCents, p.currency)} confirmed${orderPart(orderNumber)}`,
      body: topUp ? 'The money is in your wallet.' : 'Your receipt is on its way.',
      link: `/payments/${p.paymentId}`,
    },
    p.actorUserId,
  );
}

/** The client who asked for (or is owed) the refund learns the admin's decision. */
export function noticesForRefundDecided(p: RefundDecidedPayload, orderNumber: string | null): Notice[] {
  const approved = p.decision === 'approved';
  return only(
    {
      userId: p.clientId,
      kind: approved ? 'refund.approved' : 'refund.rejected',
      title: `Your refund of ${money(p.amountCents, p.currency)}${orderPart(orderNumber)} was ${approved ? 'approved' : 'declined'}`,
      body: approved ? 'The money is on its way back to you.' : 'See the order for the reason.',
      link: `/orders/${p.orderId}/refunds`,
    },
    p.actorUserId,
  );
}

/** A fine: the writer hears of it and of the decision on their appeal; whoever issued it hears of the appeal. */
export function noticesForFine(type: 'issued' | 'appealed' | 'appeal_decided', p: FineEventPayload, orderNumber: string | null): Notice[] {
  const amount = money(p.amountCents, p.currency);
  if (type === 'issued')
    return only(
      {
        userId: p.writerId,
        kind: 'fine.issued',
        title: `You were fined ${amount}${orderPart(orderNumber)}`,
        body: 'See the fine for the reason; you may appeal it once.',
        link: `/writer/fines/${p.fineId}`,
      },
      p.actorUserId,
    );
  if (type === 'appealed')
    return p.issuedBy === null
      ? []
      : only(
          {
            userId: p.issuedBy,
            kind: 'fine.appealed',
            title: `A fine you issued${orderPart(orderNumber)} is appealed`,
            body: 'The writer gave their reason: decide the appeal or escalate it.',
            link: adminLink('fines', p.fineId),
          },
          p.actorUserId,
        );
  const accepted = p.decision === 'accepted';
  return only(
    {
      userId: p.writerId,
      kind: 'fine.appeal_decided',
      title: accepted ? `Your appeal was accepted: the fine of ${amount} is waived` : `Your appeal of the fine of ${amount} was rejected`,
      body: accepted ? 'The amount is back in your balance.' : 'The fine stands; see the decision note.',
      link: `/writer/fines/${p.fineId}`,
    },
    p.actorUserId,
  );
}

/** The writer whose batch was paid. */
export function noticesForPayoutPaid(p: PayoutPaidPayload): Notice[] {
  return only(
    {
      userId: p.writerId,
      kind: 'payout.paid',
      title: `Your payout of ${money(p.totalCents, p.currency)} was paid`,
      body: p.method ? `Sent by ${p.method.replace(/_/g, ' ')}.` : 'It is on its way to your account.',
      link: `/writer/payouts/${p.payoutId}`,
    },
    p.actorUserId,
  );
}

const isCustomer = (role: string) => role === 'client' || role === 'writer';

/**
 * A public reply on a ticket: staff's reply reaches the customer who opened it; the customer's
 * reply reaches the agent it is assigned to (an unassigned ticket waits in the queue).
 */
export function noticesForTicketReply(p: TicketEventPayload): Notice[] {
  if (isCustomer(p.actorRole)) {
    if (p.assigneeId === null) return [];
    return only(
      {
        userId: p.assigneeId,
        kind: 'ticket.replied',
        title: `The customer replied on ticket #${p.ticketId}`,
        body: 'The ticket is back in progress.',
        link: adminLink('tickets', p.ticketId),
      },
      p.actorUserId,
    );
  }
  return only(
    {
      userId: p.requesterId,
      kind: 'ticket.replied',
      title: `Support replied on your ticket #${p.ticketId}`,
      body: 'Read the answer and reply if you need more help.',
      link: `/support/tickets/${p.ticketId}`,
    },
    p.actorUserId,
  );
}

/** An escalated ticket: its agent and the website's admins (whoever escalated it is not told). */
export function noticesForTicketEscalated(p: TicketEventPayload, adminIds: readonly number[]): Notice[] {
  const to = [...new Set([...(p.assigneeId !== null ? [p.assigneeId] : []), ...adminIds])];
  return to.flatMap((userId) =>
    only(
      {
        userId,
        kind: 'ticket.escalated',
        title: `Ticket #${p.ticketId} is escalated`,
        body: p.actorUserId === null ? 'Its first-response target was breached.' : 'It needs an admin’s attention.',
        link: adminLink('tickets', p.ticketId),
      },
      p.actorUserId,
    ),
  );
}

/** The author of a review learns whether it was approved or rejected (flagging, shadowing and publishing are not news to them). */
export function noticesForReviewModerated(p: ReviewModeratedPayload): Notice[] {
  if (p.transition !== 'approve' && p.transition !== 'reject') return [];
  const approved = p.transition === 'approve';
  return only(
    {
      userId: p.reviewerId,
      kind: approved ? 'review.approved' : 'review.rejected',
      title: approved ? 'Your review was approved' : 'Your review was not approved',
      body: approved ? 'Thank you for your feedback.' : 'It did not meet our review guidelines.',
      link: '/reviews/mine',
    },
    p.actorUserId,
  );
}

/** The writer whose level changed. */
export function noticesForLevelChanged(p: LevelChangedPayload): Notice[] {
  const up = p.direction === 'up';
  return only(
    {
      userId: p.writerId,
      kind: 'writer.level_changed',
      title: up ? `You were promoted to ${p.toLevel}` : `Your level changed to ${p.toLevel}`,
      body:
        p.cause === 'evaluation'
          ? up
            ? 'Your recent work met every threshold of the next level.'
            : 'Your latest evaluation period breached a limit of your level.'
          : `Your level was ${p.fromLevel}.`,
      link: '/writer/profile',
    },
    p.actorUserId,
  );
}
