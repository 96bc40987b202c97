import type { IsFunction, ResourceWithOptions } from 'adminjs';
import { staffActor } from '../src/admin-auth/index.js';
import { ValidationFailed, type FieldErrors } from '../src/platform/errors.js';
import {
  canManageLevelsOn,
  canSeeStandingOn,
  updateWriterLevel,
  WriterEvaluation,
  WriterLevel,
  type LevelTerms,
} from '../src/writers/index.js';
import { adminOf, formHandler, hiddenAction, readOnlyActions } from './actions.js';
import { navigation } from './navigation.js';
import { payloadOf } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * The writer levels table of each website (RULES.md "Writers"): rate card, capacity, urgency, tip
 * share and the thresholds of the weekly evaluation. Admins edit a level through the levels
 * service (validated, audited); support looks. Orders already assigned keep their frozen card.
 */

const NUMBERS = [
  'rank',
  'pageCents',
  'slideCents',
  'chartCents',
  'maxActiveOrders',
  'urgentWithinHours',
  'urgentPageCents',
  'urgentMultiplierBp',
  'tipShareBp',
  'minCompletedOrders',
  'minCompositeBp',
  'minRatingCenti',
  'minCompletionBp',
  'maxRevisionBp',
  'maxLatenessBp',
  'maxDisputeBp',
  'maxCancellationBp',
] as const satisfies ReadonlyArray<keyof LevelTerms>;

const websiteOf = (context: Parameters<IsFunction>[0]): number | null => {
  const id = context.record?.params?.websiteId;
  return id === undefined || id === null ? null : Number(id);
};
const canView: IsFunction = (context) => {
  const admin = adminOf(context);
  if (!admin) return false;
  const websiteId = websiteOf(context) ?? admin.websiteId;
  return admin.role === 'superadmin' || (websiteId !== null && canSeeStandingOn(staffActor(admin), websiteId));
};
const canEdit: IsFunction = (context) => {
  const admin = adminOf(context);
  if (!admin) return false;
  const websiteId = websiteOf(context) ?? admin.websiteId;
  return admin.role === 'superadmin' || (websiteId !== null && canManageLevelsOn(staffActor(admin), websiteId));
};

/** The form's fields as level terms: whole numbers, a name; a field left out is unchanged. */
function levelPatch(raw: unknown): Partial<LevelTerms> {
  const p = payloadOf(raw);
  const errors: FieldErrors = {};
  const patch: Partial<LevelTerms> = {};
  if (typeof p.name === 'string') patch.name = p.name.trim();
  for (const key of NUMBERS) {
    const value = p[key];
    if (value === undefined) continue;
    const n = Number(value);
    if (value === '' || value === null || !Number.isInteger(n)) errors[key] = 'must be a whole number';
    else patch[key] = n;
  }
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return patch;
}

export function writerLevelsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(WriterLevel, { scope: websiteScope, defaultSort: { sortBy: 'rank', direction: 'asc' } }),
    options: {
      id: 'writer_levels',
      navigation: navigation.settings,
      sort: { sortBy: 'rank', direction: 'asc' },
      listProperties: [
        'name',
        'rank',
        'websiteId',
        'pageCents',
        'maxActiveOrders',
        'urgentWithinHours',
        'tipShareBp',
        'minCompletedOrders',
      ],
      filterProperties: ['websiteId', 'name', 'rank'],
      showProperties: ['name', 'websiteId', ...NUMBERS, 'updatedAt'],
      editProperties: ['name', ...NUMBERS],
      properties: {
        name: { isTitle: true },
        websiteId: { reference: 'websites' },
      },
      actions: {
        list: { isAccessible: canView },
        show: { isAccessible: canView },
        search: { isAccessible: canView },
        new: hiddenAction,
        edit: {
          isAccessible: canEdit,
          isVisible: canEdit,
          handler: formHandler(
            async (actor, request, context) =>
              (await updateWriterLevel(actor, Number(context.record!.id()), levelPatch(request.payload))).id,
            'The level is saved',
          ),
        },
        delete: hiddenAction,
        bulkDelete: hiddenAction,
      },
    },
  };
}

/**
 * The weekly evaluations (writers.evaluate-levels), newest first: per writer and period the score,
 * the level it was judged at, the decision and the new level. Read-only: the job writes them;
 * staff read why a writer moved (or did not).
 */
export function writerEvaluationsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(WriterEvaluation, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      id: 'writer_evaluations',
      navigation: navigation.writers,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'writerId', 'periodEnd', 'levelId', 'scoreBp', 'decision', 'newLevelId'],
      filterProperties: ['writerId', 'decision', 'levelId', 'websiteId', 'periodEnd'],
      showProperties: [
        'id',
        'writerId',
        'websiteId',
        'periodStart',
        'periodEnd',
        'levelId',
        'scoreBp',
        'decision',
        'newLevelId',
        'metrics',
        'createdAt',
      ],
      properties: {
        writerId: { reference: 'users' },
        websiteId: { reference: 'websites' },
        levelId: { reference: 'writer_levels' },
        newLevelId: { reference: 'writer_levels' },
        decision: { availableValues: ['promote', 'hold', 'demote'].map((v) => ({ value: v, label: v })) },
        metrics: { type: 'mixed' },
      },
      actions: { ...readOnlyActions(canView) },
    },
  };
}
