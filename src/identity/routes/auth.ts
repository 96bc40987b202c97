import { Router, type Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { ctx } from '../../platform/context.js';
import { createRateLimit } from '../../platform/http/rate-limit.js';
import { parseInput } from '../../platform/http/validate.js';
import type { Website } from '../../tenancy/index.js';
import { visitorActor, type Actor } from '../../platform/actor.js';
import { actorOf, requireAuth, sessionIdOf } from '../middleware.js';
import { loginBody, refreshBody, registerBody, resetConfirmBody, resetRequestBody, sessionIdParams, sessionsQuery } from '../schemas.js';
import { serializeMe } from '../serializers.js';
import { portalBaseUrl } from '../service/emails.js';
import { login } from '../service/login.js';
import { confirmPasswordReset, requestPasswordReset } from '../service/password-reset.js';
import { refreshSession } from '../service/refresh.js';
import { registerClient } from '../service/register.js';
import { listMySessions, logout, logoutAll, revokeMySession, type AuthResult } from '../service/sessions.js';

const MINUTE = 60_000;

const websiteOf = (req: Request): Website => req.website!; // set by the tenancy middleware before any API route
const visitor = (req: Request): Actor => visitorActor(websiteOf(req).id, req.ip ?? null, String(req.id));
const deviceOf = (req: Request): string | null => req.get('user-agent') ?? null;
const portalUrlOf = (req: Request): string => portalBaseUrl(websiteOf(req));

function authBody(result: AuthResult, req: Request) {
  return { ...result.tokens, user: serializeMe(result.user, websiteOf(req)) };
}

/** /api/v1/auth: registration, sign-in, token refresh, sessions and password reset. */
export function authRouter(): Router {
  const { config } = ctx();
  const router = Router();
  const loginLimit = createRateLimit({ name: 'login', windowMs: 15 * MINUTE, limit: config.RATE_LIMIT_LOGIN_PER_15_MIN });
  const registerLimit = createRateLimit({ name: 'registration', windowMs: 60 * MINUTE, limit: config.RATE_LIMIT_REGISTER_PER_HOUR });
  const resetLimit = createRateLimit({
    name: 'password-reset',
    windowMs: 60 * MINUTE,
    limit: config.RATE_LIMIT_RESET_PER_HOUR,
    key: (req) => ipKeyGenerator(req.ip ?? 'unknown'),
  });

  router.post('/register', registerLimit, async (req, res) => {
    const body = parseInput(registerBody, req.body);
    const result = await registerClient(visitor(req), { ...body, device: deviceOf(req), portalUrl: portalUrlOf(req) });
    res.status(201).json(authBody(result, req));
  });

  router.post('/login', loginLimit, async (req, res) => {
    const body = parseInput(loginBody, req.body);
    res.json(authBody(await login(visitor(req), { ...body, device: deviceOf(req) }), req));
  });

  router.post('/refresh', async (req, res) => {
    const body = parseInput(refreshBody, req.body);
    res.json(authBody(await refreshSession(visitor(req), body.refreshToken), req));
  });

  router.post('/logout', requireAuth, async (req, res) => {
    await logout(actorOf(req), sessionIdOf(req));
    res.status(204).end();
  });

  router.post('/logout-all', requireAuth, async (req, res) => {
    await logoutAll(actorOf(req));
    res.status(204).end();
  });

  router.get('/sessions', requireAuth, async (req, res) => {
    const query = parseInput(sessionsQuery, req.query, 'query');
    res.json(await listMySessions(actorOf(req), sessionIdOf(req), query));
  });

  router.delete('/sessions/:id', requireAuth, async (req, res) => {
    const { id } = parseInput(sessionIdParams, { ...req.params }, 'path');
    await revokeMySession(actorOf(req), id);
    res.status(204).end();
  });

  router.post('/password-reset/request', resetLimit, async (req, res) => {
    const body = parseInput(resetRequestBody, req.body);
    // The email is sent in the background: waiting for it would let timing tell whether the account exists.
    const { delivery } = await requestPasswordReset(visitor(req), { email: body.email, portalUrl: portalUrlOf(req) });
    void delivery;
    res.status(202).json({ message: 'If an account exists for this email, a reset link is on its way.' });
  });

  router.post('/password-reset/confirm', async (req, res) => {
    const body = parseInput(resetConfirmBody, req.body);
    await confirmPasswordReset(visitor(req), body);
    res.status(204).end();
  });

  return router;
}
