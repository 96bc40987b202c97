import type { ActionContext, Filter, IsFunction, ResourceWithOptions } from 'adminjs';
import {
  EDITING_MODES,
  EDITOR_TASK_STATUSES,
  editorChoices,
  EditingRequirement,
  EditorPerformance,
  EditorTask,
  reassignTask,
  releaseTask,
  taskStatusesFor,
  updateEditingRequirement,
} from '../src/editors/index.js';
import { admins, allowRoles, formHandler, readOnlyActions, recordAction } from './actions.js';
import { boundedCount } from './bounded-count.js';
import { EditorComponents } from './components/editors.js';
import { navigation } from './navigation.js';
import { payloadOf, type Payload } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Editing in the back office. `editor_tasks`: support and admins of a website list the editing
 * queue (filters: status, editor, website, order), reassign an open task to another editor or
 * release it back to the queue — behind a screen with a required reason, POST only, through the
 * editors services (which check again and audit). `editing_requirements`: each website's rule
 * (never, always, or by paper type / academic level / writer level / a new writer's first
 * orders, and the claim window), edited by admins. `editor_performance`: each editor's figures.
 */

const staff = allowRoles('support', 'admin', 'superadmin');
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }));
const text = (p: Payload, name: string): string => (typeof p[name] === 'string' ? (p[name] as string) : '');

/** Shown when the task's status allows the move for staff (the service decides again). */
const when =
  (action: 'reassign' | 'release'): IsFunction =>
  (context) => {
    if (!staff(context)) return false;
    const status = context.record?.params?.status as never;
    return !context.record || taskStatusesFor(action, 'staff').includes(status);
  };

const taskAction = (spec: {
  mode: 'reassign' | 'release';
  icon: string;
  question: string;
  confirmLabel: string;
  success: string;
  run: Parameters<typeof recordAction>[0]['run'];
  show?: Parameters<typeof recordAction>[0]['show'];
}) =>
  recordAction({
    icon: spec.icon,
    component: EditorComponents.EditorTaskAction,
    custom: { question: spec.question, confirmLabel: spec.confirmLabel, mode: spec.mode },
    isAccessible: staff,
    isVisible: when(spec.mode),
    success: spec.success,
    show: spec.show,
    run: spec.run,
  });

/** Beyond this many matching tasks the list shows the planner's estimate (as the Orders list does). */
export const EXACT_TASK_COUNT_LIMIT = 10_000;

/**
 * The editor_tasks list for large queues (adminjs issue #1651: the default list counts every
 * matching row on every page): the total is exact up to EXACT_TASK_COUNT_LIMIT matching tasks (a
 * count bounded by a LIMIT, served by the website/status/editor indexes) and the planner's
 * estimate beyond it.
 */
class EditorTasksResource extends ScopedResource {
  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    // An estimate of a large total changes slowly: one plan per filter every few seconds per process (bounded-count.ts).
    return boundedCount(EditorTask, this.where(filter, context), EXACT_TASK_COUNT_LIMIT);
  }
}

export function editorTasksResource(): ResourceWithOptions {
  return {
    resource: new EditorTasksResource(EditorTask, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.orders,
      listProperties: ['id', 'orderId', 'round', 'status', 'editorId', 'writerId', 'claimExpiresAt', 'createdAt'],
      filterProperties: ['status', 'editorId', 'websiteId', 'orderId', 'createdAt'],
      showProperties: [
        'id',
        'websiteId',
        'orderId',
        'round',
        'status',
        'writerId',
        'editorId',
        'claimedAt',
        'claimExpiresAt',
        'decidedAt',
        'notes',
        'editedFileId',
        'expiredClaims',
        'createdAt',
        'updatedAt',
      ],
      properties: {
        websiteId: { reference: 'websites' },
        orderId: { reference: 'orders' },
        writerId: { reference: 'users' },
        editorId: { reference: 'users' },
        status: { availableValues: values(EDITOR_TASK_STATUSES) },
        notes: { type: 'textarea', description: 'The editor’s notes to the writer when the round was returned' },
      },
      actions: {
        ...readOnlyActions(staff),
        reassign: taskAction({
          mode: 'reassign',
          icon: 'UserCheck',
          question: 'Give this task to another editor? They hold it from now, with a fresh claim window.',
          confirmLabel: 'Reassign',
          success: 'The task is reassigned',
          show: async (actor, _request, context) => ({ preview: { editors: await editorChoices(actor, Number(context.record!.id())) } }),
          run: (actor, request, context) => {
            const p = payloadOf(request.payload);
            const editorId = /^\d{1,15}$/.test(text(p, 'editorId')) ? Number(text(p, 'editorId')) : 0;
            return reassignTask(actor, Number(context.record!.id()), { editorId, reason: text(p, 'reason') });
          },
        }),
        release: taskAction({
          mode: 'release',
          icon: 'RotateCcw',
          question: 'Take this task off its editor? It goes back to the queue for any editor.',
          confirmLabel: 'Release',
          success: 'The task is back in the queue',
          run: (actor, request, context) =>
            releaseTask(actor, Number(context.record!.id()), text(payloadOf(request.payload), 'reason') || null),
        }),
      },
    },
  };
}

export function editingRequirementsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(EditingRequirement, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'asc' } }),
    options: {
      navigation: navigation.settings,
      listProperties: ['id', 'websiteId', 'mode', 'paperTypes', 'academicLevels', 'writerLevels', 'newWriterOrders', 'claimHours'],
      filterProperties: ['websiteId', 'mode'],
      editProperties: ['mode', 'paperTypes', 'academicLevels', 'writerLevels', 'newWriterOrders', 'claimHours'],
      properties: {
        websiteId: { reference: 'websites', isTitle: true },
        updatedBy: { reference: 'users' },
        mode: {
          availableValues: values(EDITING_MODES),
          description: 'never; always; or rules: an order goes to an editor when any rule below matches',
        },
        paperTypes: { isArray: true, type: 'string', description: 'Rules: paper types whose orders are edited (e.g. essay)' },
        academicLevels: { isArray: true, type: 'string', description: 'Rules: academic levels whose orders are edited (e.g. phd)' },
        writerLevels: { isArray: true, type: 'string', description: 'Rules: writers of these levels are edited (e.g. Entry)' },
        newWriterOrders: { description: 'Rules: a writer’s first N delivered orders are edited (0: off)' },
        claimHours: { description: 'Hours an editor may hold a claimed task before it goes back to the queue' },
      },
      actions: {
        ...readOnlyActions(staff),
        edit: {
          isAccessible: admins,
          isVisible: admins,
          handler: formHandler(async (actor, request, context) => {
            const p = payloadOf(request.payload);
            const websiteId = Number(context.record!.params.websiteId);
            const change: Record<string, unknown> = {};
            for (const key of ['mode', 'paperTypes', 'academicLevels', 'writerLevels', 'newWriterOrders', 'claimHours'])
              if (p[key] !== undefined) change[key] = p[key];
            return (await updateEditingRequirement(actor, websiteId, change)).id;
          }, 'The editing requirement is saved'),
        },
      },
    },
  };
}

export function editorPerformanceResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(EditorPerformance, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'asc' } }),
    options: {
      navigation: navigation.people,
      listProperties: [
        'editorId',
        'websiteId',
        'decided',
        'approvals',
        'returns',
        'heldNow',
        'avgTurnaroundMinutes',
        'laterRevisions',
        'lastDecidedAt',
      ],
      filterProperties: ['editorId', 'websiteId'],
      properties: {
        editorId: { reference: 'users', isTitle: true },
        websiteId: { reference: 'websites' },
        decided: { description: 'Tasks approved or returned' },
        avgTurnaroundMinutes: { description: 'Mean minutes from claim to decision' },
        laterRevisions: { description: 'Orders the editor passed that the client later sent back for a revision' },
      },
      actions: readOnlyActions(staff),
    },
  };
}
