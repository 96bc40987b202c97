import { Router } from 'express';
import { authRouter } from './identity/routes/auth.js';
import { usersRouter } from './identity/routes/users.js';
import { ordersRouter } from './orders/routes.js';
import { pricingRouter } from './pricing/routes.js';

/** Every area's portal router under /api/v1. New areas mount theirs here. */
export function apiRouter(): Router {
  const router = Router();
  router.use('/auth', authRouter());
  router.use('/users', usersRouter());
  router.use('/pricing', pricingRouter());
  router.use('/orders', ordersRouter());
  return router;
}
