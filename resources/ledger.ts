import { randomUUID } from 'node:crypto';
import type { ResourceWithOptions } from 'adminjs';
import {
  accountHistory,
  type AccountKind,
  adjustAccount,
  LedgerAccount,
  LedgerTransaction,
  transactionEntries,
} from '../src/ledger/index.js';
import { ValidationFailed } from '../src/platform/errors.js';
import { admins, csvExportAction, moneyStaff as staff, readAction, readOnlyActions, serviceHandler } from './actions.js';
import { LedgerComponents as Components } from './components/ledger.js';
import { OrderComponents } from './components/orders.js';
import { navigation } from './navigation.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * The ledger in the back office: accounts (wallets, escrow, payables, platform accounts) and
 * transactions, read-only and limited to the staff member's website; admins correct a balance
 * with the "adjust" action, which posts an audited adjustment through the ledger service.
 */

const HISTORY_LINES = 50;
const ownerLabel = (account: { kind: string; ownerId: number | null }) =>
  `${account.kind.replace(/_/g, ' ')}${account.ownerId ? ` #${account.ownerId}` : ''}`;

/** GET only: an account's latest entries or a transaction's entries, for the LedgerLines component. */
const lines = readAction(staff, async (actor, _request, { record, resource }) => {
  const p = record!.params;
  return {
    lines:
      resource.id() === 'ledger_accounts'
        ? (
            await accountHistory(
              actor,
              { kind: p.kind as AccountKind, ownerId: p.ownerId ?? null, websiteId: Number(p.websiteId), currency: String(p.currency) },
              { limit: HISTORY_LINES },
            )
          ).items
        : (await transactionEntries(actor, Number(record!.id()))).map((e) => ({ ...e, account: ownerLabel(e.account) })),
  };
});

const AMOUNT = /^-?\d{1,12}$/;
const freshKey = (recordId: string) => `admin-adjust:${recordId}:${randomUUID()}`;

/** Adjust: a GET gives the form its idempotency key and changes nothing; a POST posts through adjustAccount. */
const adjust = serviceHandler({
  show: async (_actor, _request, context) => ({ preview: { idempotencyKey: freshKey(String(context.record!.id())) } }),
  run: async (actor, request, { record }) => {
    const payload = (request.payload ?? {}) as Record<string, unknown>;
    const p = record!.params;
    const amount = String(payload.amountCents ?? '').trim();
    if (!AMOUNT.test(amount)) throw ValidationFailed({ amountCents: 'must be a whole number of cents, negative to take money out' });
    const key =
      typeof payload.idempotencyKey === 'string' && payload.idempotencyKey.trim()
        ? payload.idempotencyKey.trim()
        : freshKey(String(record!.id()));
    return adjustAccount(actor, {
      accountRef: { kind: p.kind as AccountKind, ownerId: p.ownerId ?? null },
      websiteId: Number(p.websiteId),
      currency: String(p.currency),
      amountCents: Number(amount),
      reason: typeof payload.reason === 'string' ? payload.reason : '',
      idempotencyKey: key,
    });
  },
  success: 'The adjustment is posted',
});

const money = { components: { list: OrderComponents.Money, show: OrderComponents.Money } };
const linesProperty = (label: string) => ({
  type: 'string' as const,
  label,
  isVisible: { list: false, filter: false, show: true, edit: false },
  components: { show: Components.LedgerLines },
});

export function ledgerAccountsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(LedgerAccount, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.money,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'kind', 'ownerType', 'ownerId', 'balanceCents', 'currency', 'websiteId', 'createdAt'],
      filterProperties: ['kind', 'ownerType', 'ownerId', 'currency', 'websiteId'],
      showProperties: ['id', 'kind', 'ownerType', 'ownerId', 'balanceCents', 'currency', 'websiteId', 'createdAt', 'entries'],
      properties: {
        kind: { isTitle: true },
        websiteId: { reference: 'websites' },
        balanceCents: money,
        entries: linesProperty('Latest entries'),
      },
      actions: {
        ...readOnlyActions(staff),
        lines,
        adjust: {
          actionType: 'record',
          icon: 'Edit',
          component: Components.LedgerAdjust,
          isAccessible: admins,
          isVisible: admins,
          showInDrawer: false,
          handler: adjust,
        },
      },
    },
  };
}

export function ledgerTransactionsResource(): ResourceWithOptions {
  return {
    // The idempotency key and input hash stay in the ledger: staff need neither, and a key lets a request be replayed.
    resource: new ScopedResource(LedgerTransaction, {
      scope: websiteScope,
      hidden: ['idempotencyKey', 'inputHash'],
      defaultSort: { sortBy: 'id', direction: 'desc' },
    }),
    options: {
      navigation: navigation.money,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'kind', 'referenceType', 'referenceId', 'memo', 'actorUserId', 'createdAt'],
      filterProperties: ['kind', 'referenceType', 'referenceId', 'actorUserId', 'websiteId', 'createdAt'],
      showProperties: [
        'id',
        'kind',
        'currency',
        'referenceType',
        'referenceId',
        'memo',
        'actorUserId',
        'reversesTransactionId',
        'websiteId',
        'createdAt',
        'entries',
      ],
      properties: {
        kind: { isTitle: true },
        websiteId: { reference: 'websites' },
        actorUserId: { reference: 'users' },
        reversesTransactionId: { reference: 'ledger_transactions' },
        entries: linesProperty('Entries'),
      },
      actions: {
        ...readOnlyActions(staff),
        lines,
        exportCsv: csvExportAction('/admin/export/ledger_transactions.csv', staff, {
          linesPath: '/admin/export/ledger_entries.csv',
        }),
      },
    },
  };
}

export const ledgerResources = (): ResourceWithOptions[] => [ledgerAccountsResource(), ledgerTransactionsResource()];
