import type { IsFunction, ResourceWithOptions } from 'adminjs';
import { AuditLog } from '../src/audit/index.js';
import { staffActor } from '../src/admin-auth/index.js';
import { canViewAuditLog } from '../src/identity/index.js';
import { adminOf, readOnlyActions } from './actions.js';
import { listExportAction } from './exports.js';
import { navigation } from './navigation.js';
import { ScopedResource } from './scoped-resource.js';

/** The activity log: read-only, filterable, limited to the admin's website; support cannot see it. */

const canView: IsFunction = (context) => {
  const admin = adminOf(context);
  return Boolean(admin && canViewAuditLog(staffActor(admin)));
};

export function auditLogsResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(AuditLog, {
      scope: (admin) => {
        if (admin.role === 'superadmin') return null;
        if (admin.websiteId === null) throw new Error('no website in scope');
        return { websiteId: admin.websiteId };
      },
      defaultSort: { sortBy: 'createdAt', direction: 'desc' },
    }),
    options: {
      navigation: navigation.audit,
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['createdAt', 'action', 'targetType', 'targetId', 'actorUserId', 'actorRole', 'websiteId'],
      filterProperties: ['action', 'targetType', 'targetId', 'actorUserId', 'actorRole', 'websiteId', 'createdAt'],
      properties: {
        action: { isTitle: true },
        // The audit model declares no associations; these make AdminJS show (scoped) names.
        actorUserId: { reference: 'users' },
        impersonatorId: { reference: 'users' },
        websiteId: { reference: 'websites' },
      },
      actions: {
        ...readOnlyActions(canView),
        exportCsv: listExportAction('audit_logs', canView),
      },
    },
  };
}
