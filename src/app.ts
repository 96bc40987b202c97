import cors from 'cors';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { STRIPE_WEBHOOK_PATH, stripeWebhookRouter } from './payments/stripe-events/index.js';
import type { Config } from '../config/index.js';
import type { AppContext } from './platform/context.js';
import { errorMiddleware, notFoundHandler } from './platform/http/error-middleware.js';
import { apiSecurityHeaders } from './platform/http/api-headers.js';
import { healthHandler } from './platform/http/health.js';
import { buildOpenApiDocument } from './platform/http/openapi.js';
import { requestId } from './platform/http/request-id.js';
import { normaliseHost, resolveTenant, type Website } from './tenancy/index.js';
import { MY_ORDERS_PATH, myOrdersHandlers } from './orders/index.js';
import { QUOTE_PATH, quoteHandlers } from './pricing/index.js';
import { MY_TICKETS_PATH, myTicketsHandlers } from './support/index.js';
import { PUBLIC_REVIEWS_PATH, publicReviewsHandlers } from './reviews/index.js';
import { apiRouter } from './routes.js';

export interface BuildAppOptions {
  /** Mount the AdminJS back office (slow to import; API-only tests leave it out). */
  admin?: boolean;
}

const originOf = (url: string): URL | null => {
  try {
    return new URL(url.trim());
  } catch {
    return null;
  }
};

/**
 * CORS: a browser may call the API only from an origin configured for the request's website —
 * its own domains with the deployment's scheme and port (https in production; http on PORT
 * elsewhere), and the CORS_ORIGINS / PUBLIC_URL origins whose host is one of its domains. Another
 * scheme or port of the same domain is another origin (another server, possibly not ours).
 */
function corsForWebsite(config: Config) {
  const extra = [...(config.CORS_ORIGINS ?? '').split(','), config.PUBLIC_URL ?? '']
    .map((item) => (item.trim() ? originOf(item) : null))
    .filter((url): url is URL => url !== null);
  const own = (domain: string) =>
    config.NODE_ENV === 'production' ? `https://${domain}` : `http://${domain}${config.PORT === 80 ? '' : `:${config.PORT}`}`;
  const allowedFor = (website: Website): Set<string> =>
    new Set([
      ...website.domains.map(own),
      ...extra.filter((url) => website.domains.includes(normaliseHost(url.host) ?? '')).map((url) => url.origin),
    ]);
  return cors((req, callback) => {
    const origin = req.headers.origin;
    const website = (req as express.Request).website;
    const allowed = Boolean(origin && website && allowedFor(website).has(originOf(origin)?.origin ?? ''));
    callback(null, { origin: allowed, credentials: true, maxAge: 600, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  });
}

/** Builds the Express app (API, docs, admin) without listening; tests and main.ts both use it. */
export async function buildApp(context: AppContext, options: BuildAppOptions = {}): Promise<Express> {
  const { config, logger } = context;
  const app = express();
  app.disable('x-powered-by');
  // API answers are dynamic and per user: hashing every body for an ETag costs CPU and saves nothing.
  app.set('etag', false);
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('query parser', 'extended');

  app.use(requestId);
  // Request logging costs a child logger per request: skip it when nothing would be written.
  if (config.LOG_LEVEL !== 'silent')
    app.use(
      pinoHttp({
        logger,
        genReqId: (req) => (req as express.Request).id,
        autoLogging: { ignore: (req) => req.url === '/health' },
        customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      }),
    );

  app.get('/health', healthHandler);

  // The docs page needs its own scripts and styles; everything else gets helmet's strict defaults.
  app.get('/api/openapi.json', helmet(), (_req, res) => void res.json(buildOpenApiDocument()));
  app.use(
    '/api/docs',
    helmet({ contentSecurityPolicy: false }),
    swaggerUi.serve,
    swaggerUi.setup(undefined, {
      swaggerOptions: { url: '/api/openapi.json' },
      customSiteTitle: 'Scriptorium API',
    }),
  );

  // JSON parsing only on the API: before the admin router it makes POST /admin/login hang (Express 5).
  const securityHeaders = apiSecurityHeaders();
  const cors = corsForWebsite(config);
  // Stripe's webhook: raw body for the signature, no website from the Host (see its router).
  app.use(STRIPE_WEBHOOK_PATH, securityHeaders, stripeWebhookRouter());
  const apiRequest: express.RequestHandler[] = [
    securityHeaders,
    resolveTenant,
    // Requests without an Origin (servers, apps, curl) need no CORS answer.
    (req, res, next) => (req.headers.origin ? cors(req, res, next) : (res.vary('Origin'), next())),
  ];
  const jsonBody = express.json({ limit: config.BODY_LIMIT, strict: true });
  // The public quote, benchmarked against a bare endpoint, is routed here rather than two routers deep (see quoteHandlers).
  app.post(QUOTE_PATH, ...apiRequest, jsonBody, ...quoteHandlers());
  // Likewise the client's order list, every client's most frequent read (see myOrdersHandlers); a GET has no body to parse.
  app.get(MY_ORDERS_PATH, ...apiRequest, ...myOrdersHandlers());
  // And a customer's ticket list (see myTicketsHandlers).
  app.get(MY_TICKETS_PATH, ...apiRequest, ...myTicketsHandlers());
  // And a website's public reviews, every visitor's read (see publicReviewsHandlers).
  app.get(PUBLIC_REVIEWS_PATH, ...apiRequest, ...publicReviewsHandlers());
  app.use('/api/v1', ...apiRequest, jsonBody, apiRouter(), notFoundHandler);

  if (options.admin !== false) {
    const { buildAdminRouter } = await import('../resources/index.js');
    const adminRouter: Router = await buildAdminRouter(context);
    // AdminJS's bundle uses inline scripts and styles: no CSP on the back office.
    app.use('/admin', helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }), adminRouter);
  }

  app.use('/api', notFoundHandler);
  app.use(errorMiddleware(logger));
  return app;
}
