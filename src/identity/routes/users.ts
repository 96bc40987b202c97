import { Router } from 'express';
import { ctx } from '../../platform/context.js';
import { createRateLimit } from '../../platform/http/rate-limit.js';
import { parseInput } from '../../platform/http/validate.js';
import { actorOf, currentUser, requireAuth, sessionIdOf } from '../middleware.js';
import { changePasswordBody, updateMeBody } from '../schemas.js';
import { serializeMe } from '../serializers.js';
import { changeMyPassword, updateMyProfile } from '../service/profile.js';

/** /api/v1/users: the signed-in user's own profile and password. */
export function usersRouter(): Router {
  const router = Router();
  router.use('/me', requireAuth);
  // Guessing the current password with a stolen access token is as bad as guessing at login: same budget, per user.
  const passwordChangeLimit = createRateLimit({
    name: 'password-change',
    windowMs: 15 * 60_000,
    limit: ctx().config.RATE_LIMIT_LOGIN_PER_15_MIN,
    key: (req) => `user:${req.actor?.userId ?? '-'}`,
  });

  // The profile comes from the row requireAuth already loaded: one query for the whole request.
  router.get('/me', (req, res) => {
    res.json(serializeMe(currentUser(res), req.website ?? null));
  });

  router.patch('/me', async (req, res) => {
    const patch = parseInput(updateMeBody, req.body);
    res.json(serializeMe(await updateMyProfile(actorOf(req), patch), req.website ?? null));
  });

  router.post('/me/password', passwordChangeLimit, async (req, res) => {
    const body = parseInput(changePasswordBody, req.body);
    await changeMyPassword(actorOf(req), sessionIdOf(req), body);
    res.status(204).end();
  });

  return router;
}
