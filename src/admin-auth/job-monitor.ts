import { recordAudit } from '../audit/index.js';
import { inTransaction } from '../platform/database.js';
import { Forbidden } from '../platform/errors.js';
import { staffActor, type StaffAdmin } from './service.js';

/**
 * The job monitor (/admin/jobs) is for superadmins only: the job store spans every website, and
 * its actions (retry, requeue, pause, delete, create) act on any job.
 */
export const mayUseJobMonitor = (admin: Pick<StaffAdmin, 'role'> | null | undefined): boolean => admin?.role === 'superadmin';

/**
 * Audits what a superadmin did through the job monitor. The monitor changes the job store
 * (Agenda's own tables, through its own pool), so the row cannot share that change's
 * transaction: it is written once the monitor has answered, with the outcome.
 */
export async function auditJobMonitorAction(
  admin: StaffAdmin,
  meta: { ip?: string | null; requestId?: string | null },
  input: { action: string; status: number; request: Record<string, unknown> },
): Promise<void> {
  if (!mayUseJobMonitor(admin)) throw Forbidden('The job monitor is for superadmins only');
  await inTransaction(() =>
    recordAudit(staffActor(admin, meta), {
      action: `jobs.${input.action}`,
      targetType: 'job',
      websiteId: null,
      after: { ...input.request, status: input.status },
    }),
  );
}
