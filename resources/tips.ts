import type { IsFunction, ResourceWithOptions } from 'adminjs';
import { approveTip, refuseTip, Tip, TIP_STATUSES } from '../src/writers/tips/index.js';
import { admins, allowRoles, readOnlyActions, serviceRecordAction } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { navigation } from './navigation.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Clients' tips to writers. Staff look; a tip over $1,000 waits for an admin, who approves it (it
 * posts then: wallet -> writer's share and platform) or refuses it with a reason. The list opens on
 * the tips waiting, oldest first. Every decision goes through the tips' review service (checked
 * again, audited).
 */
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };
const staff = allowRoles('support', 'admin', 'superadmin');
const waiting: IsFunction = (context) => admins(context) && context.record?.params?.status === 'pending_review';

export function tipsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Tip, {
      scope: websiteScope,
      defaultSort: { sortBy: 'createdAt', direction: 'asc' },
      listDefaults: { status: 'pending_review' },
    }),
    options: {
      navigation: navigation.writers,
      listProperties: ['id', 'createdAt', 'orderId', 'clientId', 'writerId', 'amountCents', 'status'],
      filterProperties: ['status', 'websiteId', 'orderId', 'clientId', 'writerId', 'createdAt'],
      showProperties: [
        'id',
        'status',
        'orderId',
        'clientId',
        'writerId',
        'amountCents',
        'writerCents',
        'platformCents',
        'currency',
        'ledgerTransactionId',
        'createdAt',
        'reviewedBy',
        'reviewedAt',
        'reviewReason',
        'websiteId',
      ],
      properties: {
        orderId: { reference: 'orders' },
        clientId: { reference: 'users' },
        writerId: { reference: 'users' },
        reviewedBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        amountCents: money,
        writerCents: money,
        platformCents: money,
        status: { availableValues: TIP_STATUSES.map((v) => ({ value: v, label: v })) },
        requestKey: { isVisible: false },
      },
      actions: {
        ...readOnlyActions(staff),
        approve: serviceRecordAction({
          name: 'approve',
          icon: 'Check',
          question: "Approve this tip? The client's wallet pays it now: the writer's share and the platform's part.",
          confirmLabel: 'Approve',
          success: 'The tip is posted',
          isAccessible: admins,
          isVisible: waiting,
          run: (actor, id) => approveTip(actor, id),
        }),
        refuse: serviceRecordAction({
          name: 'refuse',
          icon: 'X',
          question: 'Refuse this tip? Nothing is charged.',
          confirmLabel: 'Refuse',
          success: 'The tip is refused',
          reason: 'required',
          isAccessible: admins,
          isVisible: waiting,
          run: (actor, id, payload) => refuseTip(actor, id, payload.reason),
        }),
      },
    },
  };
}
