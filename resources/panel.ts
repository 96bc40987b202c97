import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdminJSExpress from '@adminjs/express';
import { Database, Resource } from '@adminjs/sequelize';
import AdminJS, { type PageHandler } from 'adminjs';
import express, { type Router } from 'express';
import session from 'express-session';
import { dashboard } from '../src/analytics/index.js';
import { staffActor, type StaffAdmin } from '../src/admin-auth/index.js';
import type { AppContext } from '../src/platform/context.js';
import { AppError } from '../src/platform/errors.js';
import { createRateLimit } from '../src/platform/http/rate-limit.js';
import { auditLogsResource } from './audit.js';
import { brandingFor, localeWith } from './branding.js';
import { actionLabels, propertyLabels, resourceLabels } from './labels.js';
import { withReadableValues } from './values.js';
import { discountResources } from './discounts.js';
import { ADMIN_COOKIE, authenticate, loginHandler, logoutHandler, revalidateAdmin, sessionOptions } from './auth.js';
import { Components, componentLoader } from './components/index.js';
import { listExportRoute } from './exports.js';
import { adminErrorHandler, adminNotFound, resourceNotFound, sameOriginOnly } from './http.js';
import { usersResource } from './identity.js';
import { markOnline } from '../src/identity/index.js';
import { installmentResources } from './installments.js';
import { writerEarningsResource } from './writers.js';
import { finesResource, fineTypesResource } from './fines.js';
import { payoutRequestsResource, payoutsCsvRoute, payoutsResource, writerPayoutSettingsResource } from './payouts.js';
import { writerEvaluationsResource, writerLevelsResource } from './writer-levels.js';
import { writerWarningsResource } from './writer-warnings.js';
import { tipsResource } from './tips.js';
import { ledgerResources } from './ledger.js';
import { paymentsCsvRoute, paymentsResource } from './payments.js';
import { refundsResource } from './refunds.js';
import { reviewsResource } from './reviews.js';
import { websitesResource } from './tenancy.js';
import { ordersAndPricingResources } from './orders.js';
import { cannedRepliesResource, supportPageHandler, ticketsResource } from './support.js';
import { SupportComponents } from './components/support.js';
import { editingRequirementsResource, editorPerformanceResource, editorTasksResource } from './editors.js';
import { emailMessagesResource, emailTemplatesResource } from './email-templates.js';
import { campaignRecipientsResource, emailCampaignsResource, emailUnsubscribesResource } from './email-campaigns.js';
import { broadcastsResource } from './broadcasts.js';
import { JOB_MONITOR_PATH, jobMonitorRouter } from './job-monitor.js';
import { statementPdfRoute, statementsFormRoute } from './statements.js';
import { StatementsComponents } from './components/statements.js';
import { searchRoute } from './search.js';

AdminJS.registerAdapter({ Database, Resource });

/** Runs bundle-components (as .ts under tsx, .js from dist/) with this process's loader flags; rejects on failure. */
async function bundleComponentsInChild(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const script = path.join(path.dirname(self), `bundle-components${path.extname(self)}`);
  const child = spawn(process.execPath, [...process.execArgv, script], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`bundling the back office's components failed (exit ${code})`);
}

const dashboardHandler: PageHandler = async (request, _response, context) => {
  const admin = context.currentAdmin as StaffAdmin | undefined;
  if (!admin) return { error: 'Not signed in' };
  try {
    return await dashboard(staffActor(admin), (request.query ?? {}) as Record<string, unknown>);
  } catch (err) {
    if (err instanceof AppError) return { error: err.message };
    throw err;
  }
};

/** Assembles the panel (resources, dashboard, branding) behind our session, origin and rate-limit guards. */
export async function buildPanel(context: AppContext): Promise<Router> {
  const { config, logger } = context;
  const resources = withReadableValues([
    usersResource(),
    websitesResource(),
    auditLogsResource(),
    ...ordersAndPricingResources(),
    ...ledgerResources(),
    paymentsResource(),
    refundsResource(),
    ...installmentResources(),
    writerEarningsResource(),
    finesResource(),
    fineTypesResource(),
    payoutsResource(),
    payoutRequestsResource(),
    writerPayoutSettingsResource(),
    writerLevelsResource(),
    writerEvaluationsResource(),
    writerWarningsResource(),
    tipsResource(),
    editorTasksResource(),
    editingRequirementsResource(),
    editorPerformanceResource(),
    ...discountResources(),
    ticketsResource(),
    cannedRepliesResource(),
    reviewsResource(),
    emailTemplatesResource(),
    emailMessagesResource(),
    emailCampaignsResource(),
    campaignRecipientsResource(),
    emailUnsubscribesResource(),
    broadcastsResource(),
  ]);
  const admin = new AdminJS({
    rootPath: '/admin',
    loginPath: '/admin/login',
    logoutPath: '/admin/logout',
    componentLoader,
    resources,
    pages: {
      support: { component: SupportComponents.SupportDashboard, handler: supportPageHandler, icon: 'LifeBuoy' },
      statements: { component: StatementsComponents.StatementsPage, icon: 'FileText' },
    },
    dashboard: { component: Components.Dashboard, handler: dashboardHandler },
    branding: brandingFor,
    locale: localeWith({
      properties: propertyLabels(context.sequelize),
      labels: resourceLabels(resources.map(({ resource }) => (resource as { id(): string }).id())),
      actions: actionLabels(resources.flatMap(({ options }) => Object.keys(options.actions ?? {}))),
    }),
    settings: { defaultPerPage: 20 },
  });

  if (config.NODE_ENV === 'production') {
    // Bundle our components now, before the first page asks for them, in a child process (see
    // bundle-components.ts). @adminjs/express calls initialize() again without awaiting it: the
    // instance's initialize becomes a no-op, the bundle being there.
    if (process.env.ADMIN_JS_SKIP_BUNDLE !== 'true') await bundleComponentsInChild();
    admin.initialize = async () => undefined;
  }

  const options = sessionOptions(context);
  const router = express.Router();
  // helmet's default `no-referrer` makes browsers send `Origin: null` on same-origin form posts
  // and XHRs, which the origin check must refuse; `same-origin` still sends nothing elsewhere.
  router.use((_req, res, next) => {
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  router.use(sameOriginOnly);
  // AdminJS's own maxRetries is per process and in memory; ours is shared through Redis.
  router.post('/login', createRateLimit({ name: 'admin-login', windowMs: 15 * 60_000, limit: config.RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN }));
  // Our session middleware runs first so revalidateAdmin sees the session; the one
  // buildAuthenticatedRouter adds then finds req.session set and does nothing.
  router.use(session(options));
  router.use((req, res, next) => (req.path.startsWith('/frontend/') ? next() : revalidateAdmin(req, res, next)));
  // Staff working in the back office are online (identity's presence): support rebalancing gives tickets only to agents who are.
  router.use((req, _res, next) => {
    const staff = req.session?.adminUser;
    if (staff?.websiteId != null && !req.path.startsWith('/frontend/'))
      markOnline(staff.websiteId, Number(staff.id)).catch((err: unknown) => logger.warn({ err }, 'marking presence failed'));
    next();
  });
  // Sign-in and sign-out renew the session id (AdminJS's own handlers, registered later, keep it).
  router.post('/login', ...loginHandler(admin));
  router.get('/logout', logoutHandler(admin));
  router.use(['/api/resources/:resourceId', '/resources/:resourceId'], resourceNotFound(admin));
  router.get('/payments.csv', paymentsCsvRoute); // behind the session; the payments service checks the staff member
  router.get('/payouts.csv', payoutsCsvRoute); // behind the session; the payouts service checks the staff member
  router.get('/statements', statementsFormRoute); // behind the session; monthly statement form
  router.get('/statements/:websiteId/:file', statementPdfRoute); // the statements service checks the staff member and audits
  router.get('/export/:file', listExportRoute); // any list as filtered (<resource>.csv), behind the session; analytics/exports checks the staff member
  router.get('/search', searchRoute); // behind the session; analytics/search checks the staff member and scopes the results
  router.use(JOB_MONITOR_PATH, jobMonitorRouter(context)); // Agendash, superadmins only (behind the session and origin check)
  AdminJSExpress.buildAuthenticatedRouter(
    admin,
    { authenticate, cookieName: ADMIN_COOKIE, cookiePassword: config.SESSION_SECRET },
    router,
    options,
  );
  router.use(adminNotFound);
  router.use(adminErrorHandler(logger));
  return router;
}
