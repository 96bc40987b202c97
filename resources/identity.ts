import type { ActionContext, IsFunction, ResourceWithOptions } from 'adminjs';
import { staffActor } from '../src/admin-auth/index.js';
import {
  approveUser,
  canManageUser,
  reinstateUser,
  staffActionApplies,
  suspendUser,
  unlockUser,
  User,
  userScopeOf,
  type UserStaffAction,
  type UserStatus,
} from '../src/identity/index.js';
import type { Role } from '../src/platform/actor.js';
import { setWriterSubjects, writerQualifications } from '../src/orders/qualifications/index.js';
import { setWriterLevel, writerProfile } from '../src/writers/index.js';
import { OrderComponents } from './components/orders.js';
import { adminOf, allowRoles, readAction, readOnlyActions, recordAction, serviceRecordAction } from './actions.js';
import { personAuditTimeline } from '../src/analytics/cockpit/index.js';
import { text } from './order-forms.js';
import { orderAction } from './orders-actions.js';
import { listExportAction } from './exports.js';
import { navigation } from './navigation.js';
import { userLabel } from './labels.js';
import { LABEL_PARAM, ScopedResource } from './scoped-resource.js';

/** Users: staff list and inspect accounts of their website; admins act on them through services. */

const staff = allowRoles('support', 'admin', 'superadmin');

/** The record's fields the policy needs (numbers arrive as numbers, dates as Date or ISO strings). */
function targetOf(context: ActionContext) {
  const p = context.record?.params ?? {};
  return {
    id: Number(p.id),
    role: p.role as Role,
    websiteId: p.websiteId === null || p.websiteId === undefined ? null : Number(p.websiteId),
    status: p.status as UserStatus,
  };
}

/** May act on this record (or, without a record, on some users at all). Synchronous. */
const canManage: IsFunction = (context) => {
  const admin = adminOf(context);
  if (!admin || (admin.role !== 'admin' && admin.role !== 'superadmin')) return false;
  if (!context.record) return true;
  return canManageUser(staffActor(admin), targetOf(context));
};

const appliesTo =
  (action: UserStaffAction): IsFunction =>
  (context) =>
    canManage(context) && (!context.record || staffActionApplies(action, targetOf(context)));

export function usersResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(User, {
      scope: (admin) => userScopeOf(staffActor(admin)),
      hidden: ['passwordHash'],
      searchProperties: ['email', 'displayName', 'registrationId', 'penName'],
      label: userLabel,
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    }),
    options: {
      navigation: navigation.people,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['registrationId', 'email', 'displayName', 'role', 'status', 'websiteId', 'createdAt'],
      filterProperties: ['role', 'status', 'websiteId', 'email', 'displayName', 'registrationId', 'createdAt'],
      showProperties: [
        'registrationId',
        'email',
        'displayName',
        'penName',
        'role',
        'status',
        'statusReason',
        'websiteId',
        'timezone',
        'lastLoginAt',
        'passwordChangedAt',
        'createdAt',
        'updatedAt',
        'audit',
      ],
      properties: {
        // Named elsewhere by userLabel (the adapter would take the email as the title).
        email: { isTitle: false },
        [LABEL_PARAM]: { isTitle: true, type: 'string', isVisible: false },
        websiteId: { reference: 'websites' },
        // The person's audit timeline (AuditTimeline component, `audit` action below).
        audit: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: false },
          components: { show: OrderComponents.AuditTimeline },
        },
      },
      actions: {
        // Account creation and edits belong to the identity services (not built for the back office yet).
        ...readOnlyActions(staff),
        // Read-only: the audit rows where the person is the actor or the target (admins; the audit area checks), `before` pages.
        audit: readAction(staff, async (actor, request, context) => {
          const before =
            typeof request.query?.before === 'string' && /^\d{1,15}$/.test(request.query.before) ? Number(request.query.before) : null;
          return { audit: await personAuditTimeline(actor, Number(context.record!.id()), { before }) };
        }),
        exportCsv: listExportAction('users', staff),
        subjects: orderAction({
          name: 'subjects',
          icon: 'BookOpen',
          question: 'Which subjects may this writer work on?',
          confirmLabel: 'Save subjects',
          success: "The writer's subjects are saved",
          fields: [
            {
              name: 'subjects',
              label: 'Subject codes, comma-separated',
              kind: 'text',
              help: 'Codes as on the price list (e.g. history, biology, nursing); the writer only sees and takes orders in these subjects. Empty: none.',
            },
          ],
          isVisible: (context) => canManage(context) && context.record?.params?.role === 'writer',
          preview: async (actor, writerId) => ({ subjects: await writerQualifications(actor, writerId) }),
          run: (actor, writerId, p) => setWriterSubjects(actor, writerId, (text(p, 'subjects', false) ?? '').split(',')),
        }),
        // A writer's standing as GET /api/v1/writer/profile shows it to them (level, score, next level, badges, warnings, caps).
        standing: recordAction({
          icon: 'Award',
          component: OrderComponents.OrderAction,
          custom: { question: "This writer's standing", confirmLabel: 'Close', fields: [] },
          isAccessible: staff,
          isVisible: (context) => staff(context) && context.record?.params?.role === 'writer',
          show: async (actor, _request, context) => ({ preview: await writerProfile(actor, Number(context.record!.id())) }),
        }),
        // An admin puts a writer on a level by hand (the weekly evaluation goes on from there).
        setLevel: orderAction({
          name: 'setLevel',
          icon: 'TrendingUp',
          question: 'Put this writer on another level? Assigned orders keep their pay; capacity and new orders follow at once.',
          confirmLabel: 'Set the level',
          success: "The writer's level is set",
          fields: [
            { name: 'level', label: 'Level (its name, as in Writer levels)', kind: 'text', required: true },
            { name: 'reason', label: 'Reason', kind: 'reason', required: true },
          ],
          isVisible: (context) => canManage(context) && context.record?.params?.role === 'writer',
          preview: async (actor, writerId) => ({ standing: await writerProfile(actor, writerId) }),
          run: (actor, writerId, p) => setWriterLevel(actor, writerId, { level: p.level, reason: p.reason }),
        }),
        approve: serviceRecordAction({
          name: 'approve',
          icon: 'CheckCircle',
          question: 'Approve this account?',
          confirmLabel: 'Approve',
          success: 'The account is approved',
          isAccessible: canManage,
          isVisible: appliesTo('approve'),
          run: (actor, id) => approveUser(actor, id),
        }),
        suspend: serviceRecordAction({
          name: 'suspend',
          icon: 'Slash',
          question: 'Suspend this account?',
          confirmLabel: 'Suspend',
          success: 'The account is suspended',
          reason: 'required',
          isAccessible: canManage,
          isVisible: appliesTo('suspend'),
          run: (actor, id, payload) => suspendUser(actor, id, { reason: payload.reason }),
        }),
        reinstate: serviceRecordAction({
          name: 'reinstate',
          icon: 'RotateCcw',
          question: 'Reinstate this account?',
          confirmLabel: 'Reinstate',
          success: 'The account is active again',
          reason: 'optional',
          isAccessible: canManage,
          isVisible: appliesTo('reinstate'),
          run: (actor, id, payload) => reinstateUser(actor, id, { reason: payload.reason }),
        }),
        unlock: serviceRecordAction({
          name: 'unlock',
          icon: 'Unlock',
          question: 'Lift the sign-in throttle on this account (and end a staff lock)?',
          confirmLabel: 'Unlock',
          success: 'Sign-ins to this account are no longer throttled',
          isAccessible: canManage,
          isVisible: appliesTo('unlock'),
          run: (actor, id) => unlockUser(actor, id),
        }),
      },
    },
  };
}
