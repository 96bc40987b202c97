import {
  NotFoundError,
  type Action,
  type ActionContext,
  type ActionResponse,
  type IsFunction,
  type PageHandler,
  type ResourceWithOptions,
} from 'adminjs';
import { staffActor, type StaffAdmin } from '../src/admin-auth/index.js';
import type { Actor } from '../src/platform/actor.js';
import { AppError, ValidationFailed } from '../src/platform/errors.js';
import {
  agentChoices,
  assignTicket,
  cannedRepliesFor,
  closeTicket,
  createCannedReply,
  escalateTicket,
  replyToTicket,
  resolveTicket,
  runTicketBulk,
  setTicketPriority,
  staffTicketThread,
  SupportCannedReply,
  supportDashboard,
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  ACTIVE_STATUSES,
  TICKET_STATUSES,
  ticketStatusesFor,
  updateCannedReply,
  type SupportTicket as Ticket,
} from '../src/support/index.js';
import {
  actorOf,
  adminOf,
  admins,
  formHandler,
  hiddenAction,
  moneyStaff as staff,
  noticeFor,
  readAction,
  readOnlyActions,
  recordAction,
} from './actions.js';
import { SupportComponents } from './components/support.js';
import { navigation } from './navigation.js';
import { bool, payloadOf, requestedIds, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';
import { TicketsResource } from './tickets-list.js';

/**
 * Support tickets in the back office. `tickets`: the queue of the staff member's website (a
 * superadmin's: every website), filtered by status, priority, agent, breach or website, the thread
 * on the record page (internal notes marked); record actions assign (or claim), reply (public or
 * internal note, a canned reply as a start), escalate, resolve and close, and bulk assign/close —
 * each acting only on POST through the support services (which check the staff member again and
 * audit). `canned_replies`: the website's ready-made answers, written by admins. The
 * `support` page is the dashboard (queue by priority, breaches, agents' workload).
 */

const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));

/** Shown when the staff member's role may take the transition from the ticket's status (the service decides again). */
const when =
  (transition: Parameters<typeof ticketStatusesFor>[0]): IsFunction =>
  (context: ActionContext) => {
    const admin = adminOf(context);
    if (!admin) return false;
    const role = admin.role === 'support' ? 'support' : 'admin';
    const status = context.record?.params?.status as never;
    return !context.record || ticketStatusesFor(transition, role).includes(status);
  };

const isActiveStatus = (status: unknown): boolean => (ACTIVE_STATUSES as readonly unknown[]).includes(status);

const textOf = (p: Payload, name: string): string => (typeof p[name] === 'string' ? (p[name] as string) : '');

function idOf(p: Payload, name: string, required: boolean): number | null {
  const raw = p[name];
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!s) {
    if (required) throw ValidationFailed({ [name]: 'is required' }, `Choose ${name.replace(/Id$/, '')}`);
    return null;
  }
  if (!/^\d{1,15}$/.test(s)) throw ValidationFailed({ [name]: 'must be an id' });
  return Number(s);
}

/** The assignee of the form: "me" (claim) or an agent's id. */
const assigneeOf = (actor: Actor, p: Payload): number => (p.assigneeId === 'me' ? actor.userId! : idOf(p, 'assigneeId', true)!);

const ticketAction = (spec: {
  icon: string;
  question: string;
  confirmLabel: string;
  success: string;
  mode: 'assign' | 'reply' | 'reason' | 'note' | 'priority';
  reasonRequired?: boolean;
  isVisible: IsFunction;
  preview?: (actor: Actor, ticketId: number, websiteId: number) => Promise<Record<string, unknown>>;
  run: (actor: Actor, ticketId: number, p: Payload) => Promise<unknown>;
}) =>
  recordAction({
    icon: spec.icon,
    component: SupportComponents.TicketAction,
    custom: {
      question: spec.question,
      confirmLabel: spec.confirmLabel,
      mode: spec.mode,
      reasonRequired: spec.reasonRequired ?? false,
      priorities: [...TICKET_PRIORITIES],
    },
    isAccessible: staff,
    isVisible: spec.isVisible,
    success: spec.success,
    show: spec.preview
      ? async (actor, _request, context) => ({
          preview: await spec.preview!(actor, Number(context.record!.id()), Number(context.record!.params.websiteId)),
        })
      : undefined,
    run: (actor, request, context) => spec.run(actor, Number(context.record!.id()), payloadOf(request.payload)),
  });

const recordActions = {
  assign: ticketAction({
    icon: 'UserPlus',
    question: 'Give this ticket to an agent?',
    confirmLabel: 'Assign',
    success: 'The ticket is assigned',
    mode: 'assign',
    isVisible: when('assign'),
    preview: async (actor, _id, websiteId) => ({ agents: await agentChoices(actor, websiteId), me: actor.userId }),
    run: (actor, id, p) => assignTicket(actor, id, assigneeOf(actor, p)),
  }),
  reply: ticketAction({
    icon: 'MessageSquare',
    question: 'Reply to this ticket',
    confirmLabel: 'Send',
    success: 'The reply is sent',
    mode: 'reply',
    isVisible: when('note'),
    preview: async (actor, id) => ({ cannedReplies: await cannedRepliesFor(actor, id) }),
    run: (actor, id, p) =>
      replyToTicket(actor, id, { body: textOf(p, 'body'), internal: bool(p, 'internal'), cannedReplyId: idOf(p, 'cannedReplyId', false) }),
  }),
  escalate: ticketAction({
    icon: 'ArrowUpCircle',
    question: 'Escalate this ticket?',
    confirmLabel: 'Escalate',
    success: 'The ticket is escalated',
    mode: 'reason',
    reasonRequired: true,
    isVisible: when('escalate'),
    run: (actor, id, p) => escalateTicket(actor, id, textOf(p, 'reason')),
  }),
  setPriority: ticketAction({
    icon: 'Flag',
    question: 'Change this ticket’s priority? While it waits for its first response, its SLA follows the new priority.',
    confirmLabel: 'Change priority',
    success: 'The priority is changed',
    mode: 'priority',
    reasonRequired: true,
    isVisible: (context: ActionContext) => !context.record || isActiveStatus(context.record.params?.status),
    run: (actor, id, p) => setTicketPriority(actor, id, textOf(p, 'priority'), textOf(p, 'reason')),
  }),
  resolve: ticketAction({
    icon: 'CheckCircle',
    question: 'Mark this ticket resolved? The customer may still reply, which reopens it.',
    confirmLabel: 'Resolve',
    success: 'The ticket is resolved',
    mode: 'note',
    isVisible: when('resolve'),
    run: (actor, id, p) => resolveTicket(actor, id, textOf(p, 'reason')),
  }),
  close: ticketAction({
    icon: 'Archive',
    question: 'Close this ticket? A closed ticket cannot be reopened.',
    confirmLabel: 'Close',
    success: 'The ticket is closed',
    mode: 'note',
    isVisible: when('close'),
    run: (actor, id, p) => closeTicket(actor, id, textOf(p, 'reason')),
  }),
};

/** A bulk action on tickets: a GET shows them (and the agents for assign); a POST runs the service per ticket and answers one result each. */
function bulkTicketAction(spec: {
  icon: string;
  question: string;
  confirmLabel: string;
  mode: 'assign' | 'note';
  prepare: (actor: Actor, p: Payload) => (ticketId: number) => Promise<Ticket>;
}): Partial<Action<ActionResponse>> {
  return {
    actionType: 'bulk',
    icon: spec.icon,
    component: SupportComponents.TicketAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, mode: spec.mode },
    isAccessible: staff,
    isVisible: staff,
    showInDrawer: false,
    handler: async (request, _response, context) => {
      const { records = [], resource } = context;
      const admin = adminOf(context);
      if (!admin) throw new NotFoundError('Not signed in', 'Action#handler');
      const json = (list: typeof records) => list.map((r) => r.toJSON(admin));
      const actor = actorOf(request, context);
      if (request.method !== 'post') {
        const websiteIds = [...new Set(records.map((r) => Number(r.params.websiteId)))];
        try {
          const agents = spec.mode === 'assign' && websiteIds.length === 1 ? await agentChoices(actor, websiteIds[0]!) : [];
          return { records: json(records), preview: { agents, me: actor.userId } };
        } catch (err) {
          return { records: json(records), notice: noticeFor(err) };
        }
      }
      let perTicket: (ticketId: number) => Promise<Ticket>;
      try {
        perTicket = spec.prepare(actor, payloadOf(request.payload));
      } catch (err) {
        return { records: json(records), notice: noticeFor(err) };
      }
      const ids = requestedIds(request.query);
      const results = await runTicketBulk(ids, perTicket);
      const fresh = await resource.findMany(ids.map(String), context);
      const failed = results.filter((r) => !r.ok).length;
      const message = failed ? `${results.length - failed} of ${results.length} done; ${failed} failed` : `All ${results.length} done`;
      return { records: json(fresh), results, notice: { message, type: failed ? 'error' : 'success' } };
    },
  };
}

const bulkActions = {
  bulkAssign: bulkTicketAction({
    icon: 'UserPlus',
    question: 'Give these tickets to one agent?',
    confirmLabel: 'Assign all',
    mode: 'assign',
    prepare: (actor, p) => {
      const assigneeId = assigneeOf(actor, p);
      return (id) => assignTicket(actor, id, assigneeId);
    },
  }),
  bulkClose: bulkTicketAction({
    icon: 'Archive',
    question: 'Close these tickets?',
    confirmLabel: 'Close all',
    mode: 'note',
    prepare: (actor, p) => {
      const reason = textOf(p, 'reason');
      return (id) => closeTicket(actor, id, reason);
    },
  }),
};

/** GET only: the whole thread (internal notes marked) for the TicketThread component of the record page. */
const lines = readAction(staff, async (actor, _request, { record }) => ({ lines: await staffTicketThread(actor, Number(record!.id())) }));

export function ticketsResource(): ResourceWithOptions {
  return {
    resource: new TicketsResource(),
    options: {
      navigation: navigation.support,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: [
        'id',
        'subject',
        'status',
        'priority',
        'category',
        'requesterId',
        'assigneeId',
        'slaBreached',
        'firstResponseDueAt',
        'createdAt',
      ],
      filterProperties: [
        'status',
        'priority',
        'category',
        'assigneeId',
        'slaBreached',
        'slaAlerted',
        'active',
        'websiteId',
        'requesterId',
        'orderId',
        'createdAt',
      ],
      showProperties: [
        'id',
        'subject',
        'status',
        'priority',
        'category',
        'requesterId',
        'requesterRole',
        'orderId',
        'assigneeId',
        'assignedAt',
        'firstResponseDueAt',
        'firstRespondedAt',
        'firstResponseSeconds',
        'slaAlerted',
        'slaBreached',
        'escalatedAt',
        'escalationReason',
        'resolvedAt',
        'closedAt',
        'websiteId',
        'createdAt',
        'thread',
      ],
      properties: {
        subject: { isTitle: true },
        websiteId: { reference: 'websites' },
        requesterId: { reference: 'users' },
        assigneeId: { reference: 'users', description: 'The agent holding the ticket' },
        escalatedBy: { reference: 'users' },
        resolvedBy: { reference: 'users' },
        closedBy: { reference: 'users' },
        orderId: { reference: 'orders' },
        status: { availableValues: values(TICKET_STATUSES) },
        priority: { availableValues: values(TICKET_PRIORITIES) },
        category: { availableValues: values(TICKET_CATEGORIES) },
        slaBreached: { description: 'No first response within the target (escalated by support.sla)' },
        // A filter only (tickets-list.ts): the ticket still needs the support team (the dashboard's breach queue).
        active: { type: 'boolean', isVisible: { list: false, filter: true, show: false, edit: false } },
        slaAlerted: { description: 'Past 80 % of the first-response target without an answer' },
        thread: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: false },
          components: { show: SupportComponents.TicketThread },
        },
      },
      actions: {
        ...readOnlyActions(staff),
        lines,
        ...recordActions,
        ...bulkActions,
      },
    },
  };
}

export function cannedRepliesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(SupportCannedReply, { scope: websiteScope, defaultSort: { sortBy: 'title', direction: 'asc' } }),
    options: {
      navigation: navigation.support,
      listProperties: ['id', 'title', 'category', 'active', 'websiteId', 'updatedAt'],
      filterProperties: ['title', 'category', 'active', 'websiteId'],
      showProperties: ['id', 'title', 'body', 'category', 'active', 'websiteId', 'createdBy', 'createdAt', 'updatedAt'],
      editProperties: ['title', 'body', 'category', 'active'],
      properties: {
        title: { isTitle: true },
        body: { type: 'textarea' },
        websiteId: { reference: 'websites' },
        createdBy: { reference: 'users' },
        category: { availableValues: values(TICKET_CATEGORIES) },
      },
      actions: {
        ...readOnlyActions(staff),
        new: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            if (actor.websiteId === null) throw ValidationFailed({ websiteId: 'act on one website to write its canned replies' });
            return (await createCannedReply(actor, actor.websiteId, p)).id;
          }, 'The canned reply is saved'),
        },
        edit: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateCannedReply(actor, Number(context.record!.id()), payloadOf(request.payload))).id,
            'The canned reply is saved',
          ),
        },
        delete: hiddenAction,
      },
    },
  };
}

/** The support dashboard page's data (GET /admin/api/pages/support). */
export const supportPageHandler: PageHandler = async (_request, _response, context) => {
  const admin = context.currentAdmin as StaffAdmin | undefined;
  if (!admin) return { error: 'Not signed in' };
  try {
    return await supportDashboard(staffActor(admin));
  } catch (err) {
    if (err instanceof AppError) return { error: err.message };
    throw err;
  }
};
