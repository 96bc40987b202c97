import type { IsFunction, ResourceWithOptions } from 'adminjs';
import { ValidationFailed } from '../src/platform/errors.js';
import { issueWarning, liftWarning, WARNING_KINDS, WARNING_STATUSES, WriterWarning } from '../src/writers/index.js';
import { admins, allowRoles, formHandler, hiddenAction, serviceRecordAction } from './actions.js';
import { navigation } from './navigation.js';
import { payloadOf } from './order-forms.js';
import { ScopedResource, websiteScope } from './scoped-resource.js';

/**
 * Writers' warnings, probations and suspensions: admins issue them (writer, kind, reason, end
 * date) and may lift one early with a reason; the writers.lift-warnings job lifts them at the end
 * date. Support looks. Every change goes through the levels' service (checked again, audited).
 */
const staff = allowRoles('support', 'admin', 'superadmin');
const isActive: IsFunction = (context) => admins(context) && context.record?.params?.status === 'active';
const values = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

export function writerWarningsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(WriterWarning, { scope: websiteScope, defaultSort: { sortBy: 'id', direction: 'desc' } }),
    options: {
      navigation: navigation.writers,
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'writerId', 'kind', 'status', 'endsAt', 'issuedBy', 'createdAt'],
      filterProperties: ['writerId', 'kind', 'status', 'endsAt', 'websiteId'],
      showProperties: [
        'id',
        'writerId',
        'kind',
        'status',
        'reason',
        'endsAt',
        'issuedBy',
        'createdAt',
        'liftedAt',
        'liftedBy',
        'liftReason',
      ],
      editProperties: ['writerId', 'kind', 'reason', 'endsAt'],
      properties: {
        writerId: { reference: 'users' },
        issuedBy: { reference: 'users' },
        liftedBy: { reference: 'users' },
        websiteId: { reference: 'websites' },
        reason: { type: 'textarea' },
        kind: { availableValues: values(WARNING_KINDS) },
        status: { availableValues: values(WARNING_STATUSES) },
      },
      actions: {
        list: { isAccessible: staff },
        show: { isAccessible: staff },
        search: { isAccessible: staff },
        new: {
          isAccessible: admins,
          handler: formHandler(async (actor, request) => {
            const p = payloadOf(request.payload);
            const writerId = String(p.writerId ?? '');
            if (!/^\d{1,15}$/.test(writerId)) throw ValidationFailed({ writerId: 'choose a writer' });
            return (
              await issueWarning(actor, Number(writerId), {
                kind: p.kind as (typeof WARNING_KINDS)[number],
                reason: typeof p.reason === 'string' ? p.reason : '',
                endsAt: typeof p.endsAt === 'string' ? p.endsAt : '',
              })
            ).id;
          }, 'The writer is disciplined'),
        },
        edit: hiddenAction,
        delete: hiddenAction,
        bulkDelete: hiddenAction,
        lift: serviceRecordAction({
          name: 'lift',
          icon: 'RotateCcw',
          question: 'Lift this before its end date?',
          confirmLabel: 'Lift',
          success: 'Lifted',
          reason: 'required',
          isAccessible: admins,
          isVisible: isActive,
          run: (actor, id, payload) => liftWarning(actor, id, payload.reason),
        }),
      },
    },
  };
}
