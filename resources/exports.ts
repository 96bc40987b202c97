import type { IsFunction } from 'adminjs';
import type { RequestHandler } from 'express';
import { staffActor } from '../src/admin-auth/index.js';
import { sendListExport } from '../src/analytics/exports/index.js';
import { AppError } from '../src/platform/errors.js';
import { csvExportAction } from './actions.js';

/**
 * GET /admin/export/<resource>.csv with the list's own query (filters.*, sortBy, direction): the
 * list as filtered, streamed (analytics/exports checks the staff member, the website and every
 * filter before any byte is sent). Behind the admin session.
 */
const FILE = /^([a-z_]{1,64})\.csv$/;

export const listExportRoute: RequestHandler = async (req, res) => {
  const admin = req.session?.adminUser;
  if (!admin) {
    res.redirect('/admin/login');
    return;
  }
  const file = FILE.exec(String(req.params.file ?? ''));
  try {
    const meta = req as unknown as { id?: string };
    const actor = staffActor(admin, { ip: req.ip ?? null, requestId: meta.id ?? null });
    await sendListExport(res, actor, file ? file[1]! : '', req.query as Record<string, unknown>);
  } catch (err) {
    if (res.headersSent) {
      // A half-written file must not look whole: the download fails instead.
      res.destroy(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (!(err instanceof AppError)) throw err;
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  }
};

/** The list's "Export CSV" button for `resource` (links to /admin/export/<resource>.csv with the list's query). */
export const listExportAction = (resource: string, isAccessible: IsFunction) =>
  csvExportAction(`/admin/export/${resource}.csv`, isAccessible);
