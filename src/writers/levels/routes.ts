import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../../identity/index.js';
import { writerProfileView } from './schemas.js';
import { writerProfile } from './service/profile.js';

/** /api/v1/writer/profile: the signed-in writer's standing. */
export function writerProfileRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('writer'));
  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    // Parsed by the documented schema: the answer is what the OpenAPI document says.
    res.json(writerProfileView.parse(await writerProfile(actor, actor.userId!)));
  });
  return router;
}
