import { NotFoundError, type ActionContext, type IsFunction, type ResourceWithOptions } from 'adminjs';
import { literal, Op, type WhereOptions } from 'sequelize';
import { staffActor, type StaffAdmin } from '../src/admin-auth/index.js';
import { ValidationFailed, type FieldErrors } from '../src/platform/errors.js';
import {
  activatePriceList,
  canViewPricing,
  createDraftOption,
  createDraftPriceList,
  deleteDraftOption,
  type DraftHeaderPatch,
  type DraftOptionInput,
  PriceListVersion,
  PriceOption,
  updateDraftHeader,
  updateDraftOption,
} from '../src/pricing/index.js';
import { adminOf, admins, formHandler, hiddenAction, serviceRecordAction } from './actions.js';
import { PricingComponents } from './components/pricing.js';
import { navigation } from './navigation.js';
import { payloadOf, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Price lists (versions per website) and their option rows. Active and superseded versions are
 * read-only history; a draft is edited through src/pricing/service/draft-edits.ts and becomes the
 * active version through activatePriceList, which refuses an incoherent list with its reasons.
 */

const canView: IsFunction = (context) => {
  const admin = adminOf(context);
  return Boolean(
    admin && (admin.role === 'superadmin' || (admin.websiteId !== null && canViewPricing(staffActor(admin), admin.websiteId))),
  );
};
const isDraft = (context: ActionContext) => context.record?.params?.status === 'draft';
const onDrafts: IsFunction = (context) => admins(context) && (!context.record || isDraft(context));

/** Whole numbers (or decimals for `decimal`) from a form; '' -> null for `nullable`, absent -> undefined. */
function numberField(
  p: Payload,
  name: string,
  errors: FieldErrors,
  opts: { nullable?: boolean; decimal?: boolean } = {},
): number | null | undefined {
  const raw = p[name];
  if (raw === undefined) return undefined;
  if (raw === '' || raw === null) {
    if (opts.nullable) return null;
    errors[name] = 'is required';
    return undefined;
  }
  const value = Number(raw);
  if (!Number.isFinite(value) || (!opts.decimal && !Number.isInteger(value)))
    errors[name] = opts.decimal ? 'must be a number' : 'must be a whole number';
  return value;
}

const HEADER_NUMBERS = [
  'basePerPageCents',
  'minChargeCents',
  'singleSpacingBp',
  'slidePriceCents',
  'chartPriceCents',
  'preferredWriterFeeCents',
] as const;
const LIMITS = ['minPages', 'maxPages', 'maxSlides', 'maxCharts', 'minDeadlineHours', 'maxDeadlineHours'] as const;

function headerPatch(p: Payload): DraftHeaderPatch {
  const errors: FieldErrors = {};
  const patch: DraftHeaderPatch = {};
  for (const key of HEADER_NUMBERS) {
    const v = numberField(p, key, errors);
    if (typeof v === 'number') patch[key] = v;
  }
  const rate = numberField(p, 'maxPagesPerHour', errors, { decimal: true });
  if (typeof rate === 'number') patch.maxPagesPerHour = rate;
  if (p.notes !== undefined) patch.notes = typeof p.notes === 'string' && p.notes.trim() ? p.notes.trim() : null;
  const limits = (p.limits ?? {}) as Payload;
  for (const key of LIMITS) {
    const v = numberField(limits, key, errors);
    if (typeof v === 'number') patch.limits = { ...patch.limits, [key]: v };
  }
  for (const key of Object.keys(errors)) if (LIMITS.includes(key as (typeof LIMITS)[number])) errors[`limits.${key}`] = errors[key]!;
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return patch;
}

function optionInput(p: Payload): DraftOptionInput {
  const errors: FieldErrors = {};
  const input: DraftOptionInput = {};
  for (const key of ['kind', 'code', 'name'] as const)
    if (typeof p[key] === 'string') (input as Record<string, unknown>)[key] = (p[key] as string).trim();
  if (p.categoryCode !== undefined)
    input.categoryCode = typeof p.categoryCode === 'string' && p.categoryCode.trim() ? p.categoryCode.trim() : null;
  for (const key of ['multiplierBp', 'amountCents', 'maxHours'] as const) {
    const v = numberField(p, key, errors, { nullable: true });
    if (v !== undefined) input[key] = v;
  }
  const sort = numberField(p, 'sortOrder', errors);
  if (typeof sort === 'number') input.sortOrder = sort;
  if (p.active !== undefined) input.active = p.active === true || p.active === 'true';
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return input;
}

export function priceListsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(PriceListVersion, {
      scope: websiteScope,
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    }),
    options: {
      navigation: navigation.settings,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: [
        'version',
        'status',
        'websiteId',
        'basePerPageCents',
        'createdBy',
        'createdAt',
        'activatedBy',
        'activatedAt',
        'changes',
      ],
      filterProperties: ['websiteId', 'status', 'version', 'createdAt', 'activatedAt'],
      showProperties: [
        'version',
        'status',
        'websiteId',
        'currency',
        'basePerPageCents',
        'minChargeCents',
        'singleSpacingBp',
        'slidePriceCents',
        'chartPriceCents',
        'preferredWriterFeeCents',
        'maxPagesPerHour',
        'limits',
        'notes',
        'basedOnId',
        'createdBy',
        'createdAt',
        'activatedBy',
        'activatedAt',
        'changes',
      ],
      editProperties: [...HEADER_NUMBERS, 'maxPagesPerHour', 'limits', 'notes'],
      properties: {
        version: { isTitle: true },
        websiteId: { reference: 'websites' },
        createdBy: { reference: 'users' },
        activatedBy: { reference: 'users' },
        basedOnId: { reference: 'price_lists' },
        limits: { type: 'mixed' },
        ...Object.fromEntries(LIMITS.map((k) => [`limits.${k}`, { type: 'number' }])),
        changes: {
          type: 'mixed',
          isSortable: false,
          components: { list: PricingComponents.ChangesSummary, show: PricingComponents.ChangesSummary },
        },
      },
      actions: {
        list: { isAccessible: canView },
        show: { isAccessible: canView },
        search: { isAccessible: canView },
        new: hiddenAction,
        edit: {
          isAccessible: onDrafts,
          isVisible: onDrafts,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateDraftHeader(actor, Number(context.record!.id()), headerPatch(payloadOf(request.payload)))).id,
            'The draft is saved',
          ),
        },
        delete: hiddenAction,
        bulkDelete: hiddenAction,
        newDraft: serviceRecordAction({
          name: 'newDraft',
          icon: 'Copy',
          question: 'Start a new draft price list from this version?',
          confirmLabel: 'Create the draft',
          success: 'A new draft is created: find it at the top of the list',
          isAccessible: admins,
          isVisible: (context) => admins(context) && context.record?.params?.status !== 'draft',
          run: async (actor, id) => {
            const source = await PriceListVersion.findByPk(id, { attributes: ['id', 'websiteId'] });
            if (!source) throw new NotFoundError('Price list not found', 'Action#handler');
            return createDraftPriceList(actor, source.websiteId, source.id);
          },
        }),
        activate: serviceRecordAction({
          name: 'activate',
          icon: 'CheckCircle',
          question: 'Make this draft the active price list? New quotes use it at once; placed orders keep their version.',
          confirmLabel: 'Activate',
          success: 'This version is now the active price list',
          isAccessible: admins,
          isVisible: onDrafts,
          run: (actor, id) => activatePriceList(actor, id),
        }),
      },
    },
  };
}

/** Options of the price lists in scope: `price_options` has no website column, so scope through its list. */
function optionScope(admin: StaffAdmin): WhereOptions | null {
  const scope = websiteScope(admin);
  if (scope === null) return null;
  return { priceListId: { [Op.in]: literal(`(SELECT id FROM price_lists WHERE website_id = ${Number(scope.websiteId)})`) } };
}

export function priceOptionsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(PriceOption, {
      scope: optionScope,
      searchProperties: ['code', 'name'],
      defaultSort: { sortBy: 'sortOrder', direction: 'asc' },
    }),
    options: {
      navigation: navigation.settings,
      listProperties: [
        'priceListId',
        'kind',
        'code',
        'name',
        'multiplierBp',
        'amountCents',
        'maxHours',
        'categoryCode',
        'active',
        'sortOrder',
      ],
      filterProperties: ['priceListId', 'kind', 'code', 'name', 'active'],
      editProperties: [
        'priceListId',
        'kind',
        'code',
        'name',
        'multiplierBp',
        'amountCents',
        'maxHours',
        'categoryCode',
        'active',
        'sortOrder',
      ],
      properties: {
        name: { isTitle: true },
        priceListId: { reference: 'price_lists' },
      },
      actions: {
        list: { isAccessible: canView },
        show: { isAccessible: canView },
        search: { isAccessible: canView },
        new: {
          isAccessible: admins,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            const listId = String(p.priceListId ?? '');
            if (!/^\d{1,15}$/.test(listId)) throw ValidationFailed({ priceListId: 'choose a draft price list' });
            return (await createDraftOption(actor, Number(listId), optionInput(p))).id;
          }, 'The option is added to the draft'),
        },
        edit: {
          isAccessible: admins,
          handler: formHandler(async (actor, request, context) => {
            const { priceListId: _ignored, ...rest } = payloadOf(request.payload);
            return (await updateDraftOption(actor, Number(context.record!.id()), optionInput(rest))).id;
          }, 'The option is saved'),
        },
        delete: {
          isAccessible: admins,
          handler: formHandler(async (actor, _request, context) => {
            await deleteDraftOption(actor, Number(context.record!.id()));
            return null;
          }, 'The option is removed from the draft'),
        },
        bulkDelete: hiddenAction,
      },
    },
  };
}
