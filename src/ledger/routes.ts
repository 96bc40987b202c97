import { Router } from 'express';
import { actorOf, requireAuth, requireRole } from '../identity/index.js';
import { parseInput } from '../platform/http/validate.js';
import { walletHistoryQuery } from './schemas.js';
import { accountHistory, walletBalance } from './service/queries.js';

/** /api/v1/wallet: the signed-in client's wallet balance and history. */
export function walletRouter(): Router {
  const router = Router();
  router.use(requireAuth, requireRole('client'));

  router.get('/', async (req, res) => {
    const actor = actorOf(req);
    const { currency, balanceCents } = await walletBalance(actor, actor.userId!);
    res.json({ currency, balanceCents });
  });

  router.get('/history', async (req, res) => {
    const actor = actorOf(req);
    const page = parseInput(walletHistoryQuery, req.query, 'query');
    res.json(await accountHistory(actor, { kind: 'client_wallet', ownerId: actor.userId! }, page));
  });
  return router;
}
