import type { Request, RequestHandler } from 'express';
import { staffActor } from '../src/admin-auth/index.js';
import { downloadStatementPdf } from '../src/analytics/statements/index.js';
import { clock } from '../src/platform/clock.js';
import { AppError, ValidationFailed } from '../src/platform/errors.js';

/**
 * Monthly statements in the back office (mounted on the admin router, behind its session):
 * GET /admin/statements is a small form (website, month) whose answer is
 * GET /admin/statements/<websiteId>/<YYYY-MM>.pdf — the PDF, for the website's admins and
 * superadmins; the statements service checks the staff member and audits the download.
 */

const FILE = /^(\d{4}-\d{2})\.pdf$/;
const ID = /^[1-9]\d{0,15}$/;

const actorOf = (req: Request) => {
  const meta = req as unknown as { id?: string };
  return staffActor(req.session!.adminUser!, { ip: req.ip ?? null, requestId: meta.id ?? null });
};

/** The previous month in UTC, the form's default. */
function lastMonth(): string {
  const now = clock.now();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** The form: a superadmin names the website, an admin gets their own. The browser's month picker sends YYYY-MM. */
export const statementsFormRoute: RequestHandler = (req, res) => {
  const admin = req.session?.adminUser;
  if (!admin) return res.redirect('/admin/login');
  const query = req.query as Record<string, unknown>;
  const websiteId = typeof query.websiteId === 'string' ? query.websiteId : String(admin.websiteId ?? '');
  const month = typeof query.month === 'string' ? query.month : null;
  if (month !== null && ID.test(websiteId) && /^\d{4}-\d{2}$/.test(month))
    return res.redirect(`/admin/statements/${websiteId}/${month}.pdf`);
  const websiteField =
    admin.role === 'superadmin'
      ? `<label>Website id <input name="websiteId" type="number" min="1" required value="${ID.test(websiteId) ? websiteId : ''}"></label>`
      : `<input type="hidden" name="websiteId" value="${ID.test(websiteId) ? websiteId : ''}">`;
  res
    .type('html')
    .send(
      `<!doctype html><meta charset="utf-8"><title>Monthly statement</title>` +
        `<body style="font-family:system-ui,sans-serif;margin:2rem">` +
        `<h1>Monthly statement</h1><p>Revenue, refunds, writers' earnings, fines, payouts and balances of a month, from the ledger (PDF).</p>` +
        `<form method="get" action="/admin/statements">${websiteField} ` +
        `<label>Month <input name="month" type="month" required value="${lastMonth()}"></label> <button type="submit">Download</button></form>` +
        `<p><a href="/admin">Back to the back office</a></p></body>`,
    );
};

/** GET /admin/statements/:websiteId/:file (file = YYYY-MM.pdf). */
export const statementPdfRoute: RequestHandler = async (req, res) => {
  if (!req.session?.adminUser) return res.redirect('/admin/login');
  try {
    const { websiteId, file } = req.params as { websiteId: string; file: string };
    const match = FILE.exec(file);
    if (!ID.test(websiteId)) throw ValidationFailed({ websiteId: 'must be a website id' });
    if (!match) throw ValidationFailed({ month: 'must be a month like 2026-11.pdf' });
    const { filename, pdf } = await downloadStatementPdf(actorOf(req), { websiteId: Number(websiteId), month: match[1]! });
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(pdf);
  } catch (err) {
    if (!(err instanceof AppError) || res.headersSent) throw err;
    res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
  }
};
