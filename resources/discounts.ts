import type { IsFunction, ResourceWithOptions } from 'adminjs';
import {
  Campaign,
  CAMPAIGN_TRANSITIONS,
  type CampaignAction,
  campaignAnalytics,
  createCampaign,
  createDiscountCode,
  DiscountCode,
  DiscountUsage,
  exportCampaignCodesCsv,
  requestCodeGeneration,
  transitionCampaign,
  updateCampaign,
  updateDiscountCode,
} from '../src/discounts/index.js';
import type { Actor } from '../src/platform/actor.js';
import { ValidationFailed } from '../src/platform/errors.js';
import {
  admins,
  allowRoles,
  formHandler,
  hiddenAction,
  readAction,
  readOnlyActions,
  serviceHandler,
  serviceRecordAction,
} from './actions.js';
import { DiscountComponents } from './components/discounts.js';
import { navigation } from './navigation.js';
import { bool, cents, payloadOf, text, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Discount codes, campaigns and code usages of a website. Every write goes through the discounts
 * services (which check the actor and every rule again); the forms here only turn strings into values.
 */
const staff = allowRoles('support', 'admin', 'superadmin');
/** '' -> null, a whole number -> number, anything else left for the service to refuse by name. */
const nullableNumber = (v: unknown) => (v === '' || v === null ? null : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v);
const CODE_NUMBERS = ['percentBp', 'valueCents', 'capCents', 'usageLimitTotal', 'usageLimitPerClient', 'campaignId'] as const;

function codeInput(p: Payload): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of ['code', 'kind'] as const) if (typeof p[key] === 'string') input[key] = (p[key] as string).trim();
  if (p.description !== undefined) input.description = text(p, 'description', false);
  for (const key of CODE_NUMBERS) if (p[key] !== undefined) input[key] = nullableNumber(p[key]);
  for (const key of ['minSubtotalCents', 'minLifetimeSpendCents'] as const)
    if (p[key] !== undefined) input[key] = p[key] === '' ? 0 : nullableNumber(p[key]);
  for (const key of ['validFrom', 'validUntil'] as const) if (p[key] !== undefined) input[key] = p[key] === '' ? null : p[key];
  for (const key of ['firstOrderOnly', 'active'] as const) if (p[key] !== undefined) input[key] = bool(p, key);
  const eligible = p.eligibleClientIds;
  if (eligible !== undefined) {
    const list = Array.isArray(eligible) ? eligible : typeof eligible === 'string' ? eligible.split(/[\s,]+/) : [];
    input.eligibleClients = list
      .map((v) => String(v).trim())
      .filter(Boolean)
      .map((v) => (/^\d+$/.test(v) ? Number(v) : v));
  }
  return input;
}

function campaignInput(p: Payload): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (typeof p.name === 'string') input.name = p.name.trim();
  if (p.description !== undefined) input.description = text(p, 'description', false);
  for (const key of ['startsAt', 'endsAt'] as const) if (p[key] !== undefined) input[key] = p[key] === '' ? null : p[key];
  if (p.costCents !== undefined) input.costCents = p.costCents === '' ? 0 : nullableNumber(p.costCents);
  if (p.budgetCents !== undefined) input.budgetCents = nullableNumber(p.budgetCents);
  return input;
}

/** The website a new record belongs to: the admin's own; a superadmin names one. */
function websiteFor(actor: Actor, p: Payload): number {
  if (actor.websiteId !== null) return actor.websiteId;
  const id = nullableNumber(p.websiteId);
  if (typeof id !== 'number') throw ValidationFailed({ websiteId: 'choose a website' });
  return id;
}

/** The generate-codes form: percent as typed ("15" = 15 %), money in units ("12.50"). */
function generationInput(p: Payload): Record<string, unknown> {
  const percent = typeof p.percent === 'string' && p.percent.trim() ? Number(p.percent.trim()) : null;
  if (percent !== null && !(Number.isFinite(percent) && percent > 0 && percent <= 100))
    throw ValidationFailed({ percent: 'must be a percentage between 0 and 100' });
  const uses = nullableNumber(typeof p.usesPerCode === 'string' ? p.usesPerCode.trim() : p.usesPerCode);
  return {
    prefix: typeof p.prefix === 'string' ? p.prefix : '',
    count: nullableNumber(typeof p.count === 'string' ? p.count.trim() : p.count),
    kind: p.kind,
    percentBp: percent === null ? null : Math.round(percent * 100),
    valueCents: cents(p, 'amount') ?? null,
    capCents: cents(p, 'cap') ?? null,
    ...(uses === null || uses === undefined ? {} : { usageLimitTotal: uses }),
  };
}

const statusOf = (record: { params?: Record<string, unknown> } | undefined) => String(record?.params?.status ?? '');

function transition(action: CampaignAction, icon: string, question: string, success: string) {
  const from = CAMPAIGN_TRANSITIONS[action].from as readonly string[];
  const visible: IsFunction = (context) => admins(context) && (!context.record || from.includes(statusOf(context.record)));
  return serviceRecordAction({
    name: action,
    icon,
    question,
    confirmLabel: action[0]!.toUpperCase() + action.slice(1),
    success,
    reason: action === 'end' ? 'optional' : undefined,
    isAccessible: admins,
    isVisible: visible,
    run: (actor, id, payload) => transitionCampaign(actor, id, action, typeof payload.reason === 'string' ? payload.reason : null),
  });
}

export function discountCodesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(DiscountCode, {
      scope: websiteScope,
      searchProperties: ['code'],
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    }),
    options: {
      navigation: navigation.discounts,
      listProperties: [
        'code',
        'kind',
        'percentBp',
        'valueCents',
        'capCents',
        'usesCount',
        'usageLimitTotal',
        'active',
        'campaignId',
        'validUntil',
      ],
      filterProperties: ['code', 'kind', 'active', 'campaignId', 'firstOrderOnly', 'validUntil', 'createdAt'],
      editProperties: [
        'code',
        'description',
        'kind',
        'percentBp',
        'valueCents',
        'capCents',
        'validFrom',
        'validUntil',
        'minSubtotalCents',
        'minLifetimeSpendCents',
        'usageLimitTotal',
        'usageLimitPerClient',
        'eligibleClientIds',
        'firstOrderOnly',
        'active',
        'campaignId',
      ],
      properties: {
        code: { isTitle: true },
        websiteId: { reference: 'websites' },
        campaignId: { reference: 'campaigns' },
        createdBy: { reference: 'users' },
        percentBp: { description: 'Basis points: 1500 = 15 %' },
        eligibleClientIds: { description: 'Client ids or registration IDs (C-…); none = every client' },
        usesCount: { isVisible: { list: true, show: true, edit: false, filter: true } },
      },
      actions: {
        list: { isAccessible: staff },
        show: { isAccessible: staff },
        search: { isAccessible: staff },
        new: {
          isAccessible: admins,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            return (await createDiscountCode(actor, websiteFor(actor, p), codeInput(p))).id;
          }, 'The code is created'),
        },
        edit: {
          isAccessible: admins,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateDiscountCode(actor, Number(context.record!.id()), codeInput(payloadOf(request.payload)))).id,
            'The code is saved',
          ),
        },
        // A code orders refer to is never deleted: deactivate it.
        delete: hiddenAction,
        bulkDelete: hiddenAction,
      },
    },
  };
}

export function campaignsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Campaign, {
      scope: websiteScope,
      searchProperties: ['name'],
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    }),
    options: {
      navigation: navigation.discounts,
      listProperties: [
        'name',
        'status',
        'startsAt',
        'endsAt',
        'generationStatus',
        'generationGenerated',
        'generationRequested',
        'createdAt',
      ],
      filterProperties: ['name', 'status', 'startsAt', 'endsAt', 'generationStatus', 'createdAt'],
      showProperties: [
        'name',
        'status',
        'description',
        'startsAt',
        'endsAt',
        'costCents',
        'budgetCents',
        'generationStatus',
        'generationGenerated',
        'generationRequested',
        'analytics',
        'createdBy',
        'createdAt',
      ],
      editProperties: ['name', 'description', 'startsAt', 'endsAt', 'costCents', 'budgetCents'],
      properties: {
        name: { isTitle: true },
        websiteId: { reference: 'websites' },
        createdBy: { reference: 'users' },
        generationParams: { isVisible: false },
        analytics: {
          type: 'string',
          isSortable: false,
          isVisible: { list: false, filter: false, edit: false, show: true },
          components: { show: DiscountComponents.CampaignAnalytics },
        },
      },
      actions: {
        list: { isAccessible: staff },
        show: { isAccessible: staff },
        search: { isAccessible: staff },
        new: {
          isAccessible: admins,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            return (await createCampaign(actor, websiteFor(actor, p), campaignInput(p))).id;
          }, 'The campaign is created (draft)'),
        },
        edit: {
          isAccessible: admins,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateCampaign(actor, Number(context.record!.id()), campaignInput(payloadOf(request.payload)))).id,
            'The campaign is saved',
          ),
        },
        delete: hiddenAction,
        bulkDelete: hiddenAction,
        schedule: transition('schedule', 'Calendar', 'Schedule this campaign to start at its start date?', 'The campaign is scheduled'),
        activate: transition('activate', 'Play', 'Start this campaign now? Its codes work at once.', 'The campaign is running'),
        pause: transition('pause', 'Pause', 'Pause this campaign? Its codes stop working until it resumes.', 'The campaign is paused'),
        resume: transition('resume', 'Play', 'Resume this campaign?', 'The campaign is running again'),
        end: transition('end', 'Square', 'End this campaign for good? Its codes stop working.', 'The campaign has ended'),
        generateCodes: {
          actionType: 'record',
          icon: 'Hash',
          component: DiscountComponents.DiscountAction,
          custom: {
            question: 'Generate codes for this campaign?',
            confirmLabel: 'Generate',
            fields: [
              { name: 'prefix', label: 'Prefix (letters and digits)', help: 'Codes look like PREFIX-7KQ2M9XH' },
              { name: 'count', label: 'How many (up to 10,000)' },
              { name: 'kind', label: 'Kind', options: ['percentage', 'fixed'] },
              { name: 'percent', label: 'Percent off (percentage)', help: '15 = 15 %' },
              { name: 'amount', label: 'Amount off (fixed), e.g. 10.00' },
              { name: 'cap', label: 'Cap (optional), e.g. 25.00' },
              { name: 'usesPerCode', label: 'Uses per code (default 1)' },
            ],
          },
          isAccessible: admins,
          isVisible: (context) => admins(context) && statusOf(context.record) !== 'ended',
          showInDrawer: false,
          handler: serviceHandler({
            run: (actor, request, context) =>
              requestCodeGeneration(actor, Number(context.record!.id()), generationInput(payloadOf(request.payload))),
            success: 'The codes are being generated: the campaign page shows the progress',
          }),
        },
        exportCodes: {
          actionType: 'record',
          icon: 'Download',
          component: DiscountComponents.DiscountAction,
          custom: { question: 'Download every code of this campaign as CSV?', confirmLabel: 'Download CSV', download: true },
          isAccessible: staff,
          isVisible: staff,
          showInDrawer: false,
          // A GET-only download: the file rides in the answer, nothing changes.
          handler: serviceHandler({
            show: async (actor, _request, context) => ({ file: await exportCampaignCodesCsv(actor, Number(context.record!.id())) }),
          }),
        },
        // Read-only JSON for the campaign page.
        analytics: readAction(staff, async (actor, _request, context) => ({
          analytics: await campaignAnalytics(actor, Number(context.record!.id())),
        })),
      },
    },
  };
}

export function discountUsagesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(DiscountUsage, { scope: websiteScope, defaultSort: { sortBy: 'createdAt', direction: 'desc' } }),
    options: {
      navigation: navigation.discounts,
      listProperties: ['codeId', 'orderId', 'clientId', 'amountCents', 'status', 'reservedAt', 'usedAt', 'releasedAt'],
      filterProperties: ['codeId', 'orderId', 'clientId', 'status', 'reservedAt'],
      properties: {
        codeId: { reference: 'discount_codes' },
        orderId: { reference: 'orders' },
        clientId: { reference: 'users' },
        websiteId: { reference: 'websites' },
      },
      actions: {
        ...readOnlyActions(staff),
      },
    },
  };
}

export const discountResources = (): ResourceWithOptions[] => [discountCodesResource(), campaignsResource(), discountUsagesResource()];
