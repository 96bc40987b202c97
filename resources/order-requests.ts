import type { ResourceWithOptions } from 'adminjs';
import { ORDER_STATUSES } from '../src/orders/index.js';
import { approveOrderRequest, declineOrderRequest, OrderRequest, WRITER_REQUEST_STATUSES } from '../src/orders/requests/index.js';
import { admins, allowRoles, readOnlyActions, serviceRecordAction } from './actions.js';
import { navigation } from './navigation.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * The requests queue: writers' requests for orders, open ones oldest first unless another status
 * is filtered, with each writer's completed orders and current load. Admins approve one (the order
 * is assigned to that writer; the order's other requests went elsewhere and their writers are
 * told) or decline it with a reason. Every action is POST-only behind the confirmation screen and
 * calls the requests services, which check the actor again.
 */

const staff = allowRoles('support', 'admin', 'superadmin');
type Ctx = { record?: { params?: Record<string, unknown> } };
const open = (context: Ctx) => admins(context as never) && context.record?.params?.status === 'open';
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));

export function orderRequestsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(OrderRequest, {
      scope: websiteScope,
      defaultSort: { sortBy: 'createdAt', direction: 'asc' },
      listDefaults: { status: 'open' },
    }),
    options: {
      navigation: navigation.orders,
      listProperties: [
        'id',
        'createdAt',
        'orderId',
        'orderStatus',
        'writerId',
        'writerLevel',
        'writerCompletedOrders',
        'writerActiveOrders',
        'status',
      ],
      filterProperties: ['status', 'websiteId', 'orderId', 'writerId', 'createdAt'],
      showProperties: [
        'id',
        'status',
        'orderId',
        'orderStatus',
        'writerId',
        'writerLevel',
        'writerCompletedOrders',
        'writerActiveOrders',
        'note',
        'createdAt',
        'decidedBy',
        'decidedAt',
        'decisionReason',
        'websiteId',
      ],
      properties: {
        orderId: { reference: 'orders' },
        writerId: { reference: 'users' },
        decidedBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        note: { type: 'textarea' },
        decisionReason: { type: 'textarea' },
        status: { availableValues: values(WRITER_REQUEST_STATUSES) },
        orderStatus: { availableValues: values(ORDER_STATUSES) },
      },
      actions: {
        ...readOnlyActions(staff),
        approve: serviceRecordAction({
          name: 'approve',
          icon: 'CheckCircle',
          question: "Give the order to this writer? The order's other open requests are closed as gone elsewhere and their writers told.",
          confirmLabel: 'Approve and assign',
          success: 'The request is approved: the order is assigned to the writer',
          isAccessible: admins,
          isVisible: open,
          run: (actor, id) => approveOrderRequest(actor, id),
        }),
        decline: serviceRecordAction({
          name: 'decline',
          icon: 'XCircle',
          question: 'Decline this request? The writer is told the reason.',
          confirmLabel: 'Decline',
          success: 'The request is declined',
          reason: 'required',
          isAccessible: admins,
          isVisible: open,
          run: (actor, id, payload) => declineOrderRequest(actor, id, typeof payload.reason === 'string' ? payload.reason : ''),
        }),
      },
    },
  };
}
