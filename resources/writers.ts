import type { ResourceWithOptions } from 'adminjs';
import { EARNING_STATUSES, WriterEarning } from '../src/writers/index.js';
import { moneyStaff as staff, readOnlyActions } from './actions.js';
import { OrderComponents } from './components/orders.js';
import { navigation } from './navigation.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Writers' earnings in the back office, read-only: one per completed order, pending through the
 * hold, then matured into the writer's payable (the writers.mature-earnings job). Filter by
 * writer, order, status or date. Money moves only through the earnings service and the ledger.
 */
const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };

export function writerEarningsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(WriterEarning, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.writers,
      listProperties: ['id', 'writerId', 'orderId', 'status', 'amountCents', 'approvedAt', 'maturesAt', 'maturedAt'],
      filterProperties: ['status', 'writerId', 'orderId', 'approvedAt', 'maturesAt', 'websiteId'],
      showProperties: [
        'id',
        'status',
        'writerId',
        'orderId',
        'amountCents',
        'currency',
        'breakdown',
        'approvedAt',
        'maturesAt',
        'maturedAt',
        'completionTransactionId',
        'maturityTransactionId',
      ],
      properties: {
        writerId: { reference: 'users' },
        orderId: { reference: 'orders' },
        websiteId: { reference: 'websites' },
        completionTransactionId: { reference: 'ledger_transactions' },
        maturityTransactionId: { reference: 'ledger_transactions' },
        amountCents: money,
        status: { availableValues: EARNING_STATUSES.map((v) => ({ value: v, label: v.replace(/_/g, ' ') })) },
      },
      actions: {
        ...readOnlyActions(staff),
      },
    },
  };
}
