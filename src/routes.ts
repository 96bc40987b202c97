import { Router } from 'express';
import { discountsRouter } from './discounts/routes.js';
import { authRouter } from './identity/routes/auth.js';
import { usersRouter } from './identity/routes/users.js';
import { walletRouter } from './ledger/routes.js';
import { orderDeadlinesRouter } from './orders/deadlines/routes.js';
import { orderFilesRouter } from './orders/files/routes.js';
import { orderMessagesRouter } from './orders/messages/routes.js';
import { orderRevisionsRouter } from './orders/revisions/routes.js';
import { ordersRouter } from './orders/routes.js';
import { writerOrdersRouter, writerSubjectsRouter } from './orders/writer-routes.js';
import { writerEarningsRouter } from './writers/routes.js';
import { cardPaymentsRouter } from './payments/card/routes.js';
import { orderRefundsRouter } from './payments/refunds/routes.js';
import { installmentPlansRouter } from './payments/installments/routes.js';
import { orderPaymentsRouter, paymentsRouter, staffPaymentsRouter } from './payments/routes.js';
import { pricingRouter } from './pricing/routes.js';

/** Every area's portal router under /api/v1. New areas mount theirs here. */
export function apiRouter(): Router {
  const router = Router();
  router.use('/auth', authRouter());
  router.use('/users', usersRouter());
  router.use('/pricing', pricingRouter());
  router.use('/wallet', walletRouter());
  router.use('/discounts', discountsRouter());
  router.use(orderFilesRouter()); // /orders/:id/files and /files/download: before the client-only orders router
  router.use(orderMessagesRouter()); // /orders/:id/threads and /messages: any role, before the client-only orders router
  router.use(orderDeadlinesRouter()); // /orders/:id/deadline…: before the orders router's /:id
  router.use(orderRevisionsRouter()); // /orders/:id/revision…: before the orders router's /:id
  router.use(orderRefundsRouter()); // /orders/:id/refunds: before the orders router's /:id
  router.use(installmentPlansRouter()); // /orders/:id/installment-plan…: before the orders router's /:id
  router.use(orderPaymentsRouter()); // /orders/:id/pay and /orders/:id/deadline-changes/:changeId/pay: before the orders router
  router.use('/orders', ordersRouter());
  router.use('/writer/orders', writerOrdersRouter());
  router.use('/writer/subjects', writerSubjectsRouter());
  router.use('/writer/earnings', writerEarningsRouter());
  router.use('/payments', cardPaymentsRouter()); // /payments/card-…: before the payments router's /:id
  router.use('/payments', paymentsRouter());
  router.use('/staff', staffPaymentsRouter());
  return router;
}
