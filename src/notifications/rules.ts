/**
 * Who hears of what (pure): an order's step or a message becomes notices for the people it
 * concerns — never for the person who did it. Staff learn of work through their queues, not here.
 * The other areas' events (payments, fines, payouts, tickets, reviews, levels): area-rules.ts.
 */
export interface Notice {
  userId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  link: string | null;
}

export const NOTICE_KINDS = [
  'order.paid',
  'order.assigned',
  'order.invited',
  'order.delivered',
  'order.returned_by_editor',
  'order.revision_requested',
  'order.approved',
  'order.disputed',
  'order.dispute_resolved',
  'order.on_hold',
  'order.released',
  'order.cancellation_decided',
  'order.cancelled',
  'order.deadline_changed',
  'payment.confirmed',
  'refund.approved',
  'refund.rejected',
  'fine.issued',
  'fine.appealed',
  'fine.appeal_decided',
  'payout.paid',
  'ticket.replied',
  'ticket.escalated',
  'review.approved',
  'review.rejected',
  'writer.level_changed',
  'message.received',
  'broadcast',
  'reminder.deadline',
  'reminder.review_request',
  'reminder.payment',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface OrderStep {
  action: string;
  to: string;
  actorUserId: number | null;
}

export interface OrderFacts {
  id: number;
  number: string;
  clientId: number | null;
  writerId: number | null;
}

type Audience = 'client' | 'writer';

interface Rule {
  kind: NoticeKind;
  to: readonly Audience[];
  title: (n: string) => string;
  body: string;
}

/** By timeline action (and for some, only into one status). */
const ORDER_RULES: Record<string, Rule | ((step: OrderStep) => Rule | null)> = {
  mark_paid: { kind: 'order.paid', to: ['client'], title: (n) => `Order ${n} is paid`, body: 'We are finding the right writer for it.' },
  invite_writer: { kind: 'order.invited', to: ['writer'], title: (n) => `You are invited to order ${n}`, body: 'Accept or decline it.' },
  assign: (step) =>
    step.to === 'in_progress'
      ? { kind: 'order.assigned', to: ['client', 'writer'], title: (n) => `Order ${n} has its writer`, body: 'The work has started.' }
      : { kind: 'order.invited', to: ['writer'], title: (n) => `You are offered order ${n}`, body: 'Accept or decline it.' },
  take: { kind: 'order.assigned', to: ['client'], title: (n) => `Order ${n} has its writer`, body: 'The work has started.' },
  accept: { kind: 'order.assigned', to: ['client'], title: (n) => `Order ${n} has its writer`, body: 'The work has started.' },
  deliver: {
    kind: 'order.delivered',
    to: ['client'],
    title: (n) => `Order ${n} is delivered`,
    body: 'Read it, then approve it or ask for a revision.',
  },
  return_to_writer: {
    kind: 'order.returned_by_editor',
    to: ['writer'],
    title: (n) => `The editor returned order ${n}`,
    body: 'Read the editor’s notes and deliver again.',
  },
  request_revision: {
    kind: 'order.revision_requested',
    to: ['writer'],
    title: (n) => `A revision is asked on order ${n}`,
    body: 'Read what the client asks in the order’s messages.',
  },
  approve: { kind: 'order.approved', to: ['writer'], title: (n) => `Order ${n} is approved`, body: 'Your earning is on its way.' },
  open_dispute: {
    kind: 'order.disputed',
    to: ['client', 'writer'],
    title: (n) => `Order ${n} is disputed`,
    body: 'Our staff look into it.',
  },
  resolve_dispute: {
    kind: 'order.dispute_resolved',
    to: ['client', 'writer'],
    title: (n) => `The dispute on order ${n} is resolved`,
    body: 'See the order for the outcome.',
  },
  hold: { kind: 'order.on_hold', to: ['client', 'writer'], title: (n) => `Order ${n} is on hold`, body: 'Our staff will be in touch.' },
  release: { kind: 'order.released', to: ['client', 'writer'], title: (n) => `Order ${n} is off hold`, body: 'The work goes on.' },
  resolve_cancellation: (step) => ({
    kind: 'order.cancellation_decided',
    to: ['client'],
    title: (n) => (step.to === 'cancelled' ? `Order ${n} is cancelled` : `Your cancellation of order ${n} was declined`),
    body: step.to === 'cancelled' ? 'See the order for the refund.' : 'The work goes on.',
  }),
  cancel: { kind: 'order.cancelled', to: ['client', 'writer'], title: (n) => `Order ${n} is cancelled`, body: '' },
  deadline_changed: {
    kind: 'order.deadline_changed',
    to: ['client', 'writer'],
    title: (n) => `The deadline of order ${n} changed`,
    body: 'See the order for the new deadline.',
  },
};

const linkFor = (audience: Audience, orderId: number) => (audience === 'client' ? `/orders/${orderId}` : `/writer/orders/${orderId}`);

/** The notices one timeline step of an order gives. */
export function noticesForOrderStep(step: OrderStep, order: OrderFacts): Notice[] {
  const entry = ORDER_RULES[step.action];
  const rule = typeof entry === 'function' ? entry(step) : entry;
  if (!rule) return [];
  const notices: Notice[] = [];
  for (const audience of rule.to) {
    const userId = audience === 'client' ? order.clientId : order.writerId;
    if (userId === null || userId === step.actorUserId) continue;
    notices.push({ userId, kind: rule.kind, title: rule.title(order.number), body: rule.body, link: linkFor(audience, order.id) });
  }
  return notices;
}

export interface PostedMessage {
  threadKind: string;
  authorId: number | null;
  authorRole: string;
}

/** The notices of a message its thread's other party may now read. */
export function noticesForMessage(message: PostedMessage, order: OrderFacts): Notice[] {
  const staffWrote = !['client', 'writer'].includes(message.authorRole);
  const readers: Audience[] =
    message.threadKind === 'client_writer'
      ? staffWrote
        ? ['client', 'writer']
        : [message.authorRole === 'client' ? 'writer' : 'client']
      : message.threadKind === 'client_support' && staffWrote
        ? ['client']
        : message.threadKind === 'writer_support' && staffWrote
          ? ['writer']
          : [];
  const notices: Notice[] = [];
  for (const audience of readers) {
    const userId = audience === 'client' ? order.clientId : order.writerId;
    if (userId === null || userId === message.authorId) continue;
    notices.push({
      userId,
      kind: 'message.received',
      title: `New message on order ${order.number}`,
      body: staffWrote ? 'From our staff.' : audience === 'client' ? 'From your writer.' : 'From the client.',
      link: `${linkFor(audience, order.id)}/messages`,
    });
  }
  return notices;
}

/** A reminder's outbox event (notifications/reminders and payments record them): whom, which order, which reminder. */
export interface ReminderFacts {
  type: 'reminder.deadline' | 'reminder.review_request' | 'reminder.payment';
  orderId: number;
  orderNumber: string;
  userId: number;
  reminder: string;
  dueAt: string;
  hoursBefore?: number;
  outstanding?: string;
}

/** The in-app notice of a reminder (its kind is the event's type). */
export function noticeForReminder(r: ReminderFacts): Notice {
  switch (r.type) {
    case 'reminder.deadline':
      return {
        userId: r.userId,
        kind: r.type,
        title: `Order ${r.orderNumber} is due in ${r.hoursBefore ?? 24} hours`,
        body: 'Deliver it before your deadline, or tell our staff now if you cannot.',
        link: linkFor('writer', r.orderId),
      };
    case 'reminder.review_request':
      return {
        userId: r.userId,
        kind: r.type,
        title: `How was order ${r.orderNumber}?`,
        body: 'Rate your writer and tell others what you think.',
        link: `${linkFor('client', r.orderId)}/review`,
      };
    case 'reminder.payment':
      return {
        userId: r.userId,
        kind: r.type,
        title: `Order ${r.orderNumber} is waiting for payment`,
        body: r.outstanding
          ? `${r.outstanding} is due. We start looking for a writer as soon as it is paid.`
          : 'Pay for it to get started.',
        link: linkFor('client', r.orderId),
      };
  }
}
