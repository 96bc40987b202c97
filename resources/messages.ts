import type { ResourceWithOptions } from 'adminjs';
import {
  createMessageRule,
  deleteMessageRule,
  MESSAGE_RULE_ACTIONS,
  MessageRule,
  type MessageRuleAction,
  type MessageRuleInput,
  OrderMessage,
  reviewHeldMessageById,
  updateMessageRule,
} from '../src/orders/messages/index.js';
import { allowRoles, formHandler, hiddenAction, readOnlyActions, serviceRecordAction } from './actions.js';
import { navigation } from './navigation.js';
import { payloadOf, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Message moderation for staff: the review queue of held client<->writer messages (release or
 * reject) and the website's rules that hold or refuse messages. Both go through the messages
 * services, which check the actor and audit.
 */
const staff = allowRoles('support', 'admin', 'superadmin');

/** The form's fields as the service takes them; the service checks them (and says which are missing). */
function ruleInput(p: Payload): Partial<MessageRuleInput> {
  const input: Partial<MessageRuleInput> = {};
  if (typeof p.pattern === 'string') input.pattern = p.pattern;
  if (typeof p.action === 'string') input.action = p.action as MessageRuleAction;
  if (p.note !== undefined) input.note = typeof p.note === 'string' ? p.note : null;
  return input;
}

export function heldMessagesResource(): ResourceWithOptions {
  const isHeld = (context: { record?: { params?: Record<string, unknown> } }) => context.record?.params?.status === 'held';
  const review = (decision: 'release' | 'reject') =>
    serviceRecordAction({
      name: decision,
      icon: decision === 'release' ? 'CheckCircle' : 'XCircle',
      question:
        decision === 'release'
          ? 'Release this message to the other party (contact details stay masked)?'
          : 'Reject this message? Only its author and staff will see it.',
      confirmLabel: decision === 'release' ? 'Release' : 'Reject',
      success: decision === 'release' ? 'The message is released' : 'The message is rejected',
      isAccessible: staff,
      isVisible: (context) => staff(context) && isHeld(context),
      run: (actor, id) => reviewHeldMessageById(actor, id, decision),
    });
  return {
    resource: new ScopedResource(OrderMessage, {
      scope: websiteScope,
      // Threads have no resource of their own; the thread is reached through the order.
      hidden: ['threadId'],
      defaultSort: { sortBy: 'id', direction: 'asc' },
    }),
    options: {
      id: 'order_messages',
      navigation: navigation.orders,
      listProperties: ['id', 'orderId', 'status', 'authorRole', 'authorId', 'body', 'holdReasons', 'flags', 'createdAt'],
      filterProperties: ['status', 'orderId', 'authorId', 'authorRole', 'body', 'createdAt'],
      showProperties: [
        'id',
        'orderId',
        'status',
        'authorRole',
        'authorId',
        'body',
        'maskedBody',
        'holdReasons',
        'flags',
        'reviewedBy',
        'reviewedAt',
        'createdAt',
      ],
      properties: {
        orderId: { reference: 'orders' },
        authorId: { reference: 'users' },
        reviewedBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        body: { type: 'textarea' },
        status: { availableValues: ['visible', 'held', 'rejected'].map((v) => ({ value: v, label: v })) },
      },
      actions: {
        ...readOnlyActions(staff),
        release: review('release'),
        reject: review('reject'),
      },
    },
  };
}

export function messageRulesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(MessageRule, {
      scope: websiteScope,
      searchProperties: ['pattern'],
      defaultSort: { sortBy: 'pattern', direction: 'asc' },
    }),
    options: {
      navigation: navigation.settings,
      listProperties: ['pattern', 'action', 'note', 'createdBy', 'updatedAt'],
      filterProperties: ['pattern', 'action', 'createdAt'],
      editProperties: ['pattern', 'action', 'note'],
      properties: {
        pattern: { isTitle: true },
        action: { availableValues: MESSAGE_RULE_ACTIONS.map((v) => ({ value: v, label: v })) },
        note: { type: 'textarea' },
        createdBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
      },
      actions: {
        list: { isAccessible: staff },
        show: { isAccessible: staff },
        search: { isAccessible: staff },
        new: {
          isAccessible: staff,
          handler: formHandler(
            async (actor, request) => (await createMessageRule(actor, ruleInput(payloadOf(request.payload)))).id,
            'The rule is added',
          ),
        },
        edit: {
          isAccessible: staff,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateMessageRule(actor, Number(context.record!.id()), ruleInput(payloadOf(request.payload)))).id,
            'The rule is saved',
          ),
        },
        delete: {
          isAccessible: staff,
          handler: formHandler(async (actor, _request, context) => {
            await deleteMessageRule(actor, Number(context.record!.id()));
            return null;
          }, 'The rule is removed'),
        },
        bulkDelete: hiddenAction,
      },
    },
  };
}
