import { RedisStore } from 'connect-redis';
import connectPgSimple from 'connect-pg-simple';
import session, { type SessionOptions, type Store } from 'express-session';
import type AdminJS from 'adminjs';
import express, { type Request, type RequestHandler } from 'express';
import pg from 'pg';
import { authenticateStaff, revalidateStaff, type StaffAdmin } from '../src/admin-auth/index.js';
import type { AppContext } from '../src/platform/context.js';

/** Back-office sessions: cookie options, the store, sign-in and per-request revalidation. */

export const ADMIN_COOKIE = 'scriptorium.admin';
const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // a working day; sliding (rolling) while in use

declare module 'express-session' {
  interface SessionData {
    adminUser?: StaffAdmin;
  }
}

/**
 * Redis when configured (shared by every process); else the admin_sessions table through a small
 * pool of its own, ended with the context (the embedded database has few connections to spare).
 */
function sessionStore(context: AppContext): Store {
  const { redis, config } = context;
  if (redis) return new RedisStore({ client: redis, prefix: `${config.REDIS_PREFIX}sess:`, ttl: SESSION_TTL_MS / 1000 });
  const pool = new pg.Pool({ connectionString: context.databaseUrl, max: 2, idleTimeoutMillis: 10_000 });
  pool.on('error', (err) => context.logger.error({ err }, 'admin session pool error'));
  const close = context.close.bind(context);
  // The pool must be ended before the database it talks to (the embedded one stops in close()).
  context.close = async () => {
    await pool.end().catch((err) => context.logger.error({ err }, 'closing the admin session pool failed'));
    await close();
  };
  const PgStore = connectPgSimple(session);
  return new PgStore({ pool, tableName: 'admin_sessions', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
}

export function sessionOptions(context: AppContext): SessionOptions {
  return {
    store: sessionStore(context),
    name: ADMIN_COOKIE,
    secret: context.config.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: undefined, // follow Express's trust proxy setting
    cookie: {
      httpOnly: true,
      sameSite: 'strict',
      secure: context.config.NODE_ENV === 'production',
      path: '/admin',
      maxAge: SESSION_TTL_MS,
    },
  };
}

/** AdminJS's authenticate: the form's email and password plus the request's host, ip and id. */
export function authenticate(email: string, password: string, adminContext?: { req?: Request }): Promise<StaffAdmin | null> {
  const req = adminContext?.req;
  return authenticateStaff({
    email,
    password,
    host: req?.get('host'),
    ip: req?.ip ?? null,
    requestId: req?.id ? String(req.id) : null,
  });
}

/**
 * The sign-in form's POST, in place of @adminjs/express's own, which keeps the session id it was
 * given (session fixation: a cookie planted before sign-in would then carry the staff member's
 * session). Here a successful sign-in gets a new session id, the old session is destroyed, and
 * the throttle's refusal is a 429 page (errors go to the admin error handler) rather than
 * AdminJS's 400 login page. It answers the request itself, so AdminJS's body parser never runs.
 */
export function loginHandler(admin: AdminJS): RequestHandler[] {
  const { loginPath, rootPath } = admin.options;
  return [
    express.urlencoded({ extended: false, limit: '10kb', parameterLimit: 10 }),
    async (req, res, next) => {
      try {
        const body = (req.body ?? {}) as Record<string, unknown>;
        const adminUser = await authenticateStaff({
          email: body.email,
          password: body.password,
          host: req.get('host'),
          ip: req.ip ?? null,
          requestId: req.id ? String(req.id) : null,
        });
        if (!adminUser) {
          res.send(await admin.renderLogin({ action: loginPath, errorMessage: 'invalidCredentials' }));
          return;
        }
        req.session.regenerate((err) => {
          if (err) return next(err);
          req.session.adminUser = adminUser;
          req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(302, rootPath)));
        });
      } catch (err) {
        next(err);
      }
    },
  ];
}

/** Sign-out: the session is destroyed (its id is void from now on) and the cookie cleared. */
export function logoutHandler(admin: AdminJS): RequestHandler {
  return (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie(ADMIN_COOKIE, { path: '/admin', httpOnly: true, sameSite: 'strict' });
      res.redirect(302, admin.options.loginPath);
    });
  };
}

/**
 * Runs after the session is read: refreshes currentAdmin from the database (or signs out a user
 * who was suspended, locked or demoted meanwhile), and copies the client ip onto the request as
 * an own property, because AdminJS hands actions a shallow copy that loses Express's getters.
 */
export const revalidateAdmin: RequestHandler = async (req, res, next) => {
  try {
    (req as unknown as { clientIp?: string }).clientIp = req.ip;
    const current = req.session?.adminUser;
    if (!current) return next();
    const fresh = await revalidateStaff(current.id, req.get('host'));
    if (fresh) {
      req.session.adminUser = fresh;
      return next();
    }
    req.session.destroy(() => {
      if (req.path.startsWith('/api/'))
        res.status(401).json({ error: { code: 'unauthorized', message: 'Your back-office session has ended' } });
      else res.redirect(302, `${req.baseUrl}/login`);
    });
  } catch (err) {
    next(err);
  }
};
