import type { Agenda } from 'agenda';
import { createExpressMiddleware } from 'agendash';
import express, { type RequestHandler, type Router } from 'express';
import { openJobMonitorAgenda } from '../jobs/monitor.js';
import { auditJobMonitorAction, mayUseJobMonitor } from '../src/admin-auth/index.js';
import type { AppContext } from '../src/platform/context.js';
import { JobMonitorComponents } from './components/job-monitor.js';

/** The sidebar footer that links superadmins here (registered on the panel's component loader). */
export const JOB_MONITOR_LINK = JobMonitorComponents.SidebarFooter;

/** Where the job monitor lives, below the back office's root. */
export const JOB_MONITOR_PATH = '/jobs';

/**
 * Only superadmins watch and steer the job queue (it spans every website, and requeue or delete
 * act on any job): signed out -> the login page (401 on its API), any other staff -> 403. The
 * session was read and revalidated by the admin router before this runs.
 */
export const superadminOnly: RequestHandler = (req, res, next) => {
  const staff = req.session?.adminUser;
  const api = req.path.startsWith('/api');
  if (!staff) {
    if (api) res.status(401).json({ error: { code: 'unauthorized', message: 'Sign in to the back office first' } });
    else res.redirect(302, '/admin/login');
    return;
  }
  if (!mayUseJobMonitor(staff)) {
    const message = 'The job monitor is for superadmins only';
    if (api) res.status(403).json({ error: { code: 'forbidden', message } });
    else res.status(403).type('text').send(message);
    return;
  }
  next();
};

/**
 * Agendash on the workers' job store, behind the superadmin gate and the admin router's own
 * guards (session, same-origin POSTs). Its page loads `api/…` relative to itself, so the bare path
 * redirects to the one with a trailing slash. Agendash sets its own Content-Security-Policy
 * ('self' scripts, inline styles). The Agenda is opened on the first authorised request, so a
 * process whose monitor nobody opens holds no extra connection.
 */
export function jobMonitorRouter(context: AppContext): Router {
  let dashboard: RequestHandler | undefined;
  let agenda: Agenda | undefined;
  const router = express.Router();
  router.use(superadminOnly);
  // Every change made through the monitor is audited with its outcome (Agendash's own parser skips a parsed body).
  router.post('/api/jobs/:action', express.json({ limit: '100kb' }), (req, res, next) => {
    const staff = req.session.adminUser!;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const request = Array.isArray(body.jobIds) ? { jobIds: body.jobIds.slice(0, 100) } : { jobName: body.jobName ?? null };
    const action = String(req.params.action); // read now: Agendash's router replaces req.params
    res.on('finish', () => {
      auditJobMonitorAction(
        staff,
        { ip: req.ip ?? null, requestId: req.id ? String(req.id) : null },
        {
          action,
          status: res.statusCode,
          request,
        },
      ).catch((err: unknown) => context.logger.error({ err }, 'auditing a job monitor action failed'));
    });
    next();
  });
  router.use((req, res, next) => {
    if (req.path === '/' && !req.originalUrl.split('?')[0]!.endsWith('/')) {
      const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
      res.redirect(302, `${req.baseUrl}/${query}`);
      return;
    }
    agenda ??= openJobMonitorAgenda(context);
    dashboard ??= createExpressMiddleware(agenda) as unknown as RequestHandler;
    dashboard(req, res, next);
  });
  return router;
}
