import { Router } from 'express';
import { discountsRouter } from './discounts/index.js';
import { authRouter, usersRouter } from './identity/index.js';
import { walletRouter } from './ledger/index.js';
import { orderDeadlinesRouter } from './orders/deadlines/index.js';
import { orderFilesRouter } from './orders/files/index.js';
import { orderMessagesRouter } from './orders/messages/index.js';
import { orderRevisionsRouter } from './orders/revisions/index.js';
import { ordersRouter, writerOrdersRouter, writerSubjectsRouter } from './orders/index.js';
import { writerEarningsRouter } from './writers/index.js';
import { writerFinesRouter } from './writers/fines/index.js';
import { writerPayoutsRouter } from './writers/payouts/index.js';
import { writerProfileRouter } from './writers/index.js';
import { tipsRouter } from './writers/index.js';
import { cardPaymentsRouter } from './payments/card/index.js';
import { orderRefundsRouter } from './payments/refunds/index.js';
import { installmentPlansRouter } from './payments/installments/index.js';
import { orderPaymentsRouter, paymentsRouter, staffPaymentsRouter } from './payments/index.js';
import { pricingRouter } from './pricing/index.js';
import { notificationsRouter } from './notifications/index.js';
import { supportRouter } from './support/index.js';
import { publicReviewsRouter, reviewsRouter } from './reviews/index.js';
import { editorTasksRouter } from './editors/index.js';
import { emailRouter } from './notifications/campaigns/index.js';

/** Every area's portal router under /api/v1. New areas mount theirs here. */
export function apiRouter(): Router {
  const router = Router();
  // The editors' queue is polled all day: first, so its requests pass no other router (no path of theirs starts so).
  router.use('/editor/tasks', editorTasksRouter());
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
  router.use(tipsRouter()); // /orders/:id/tips: before the orders router's /:id
  router.use(reviewsRouter()); // /orders/:id/reviews, /reviews/website, /reviews/mine: before the orders router's /:id
  router.use('/public', publicReviewsRouter()); // /public/reviews, /public/writers/:penName/reviews: no sign-in
  router.use('/orders', ordersRouter());
  router.use('/writer/orders', writerOrdersRouter());
  router.use('/writer/subjects', writerSubjectsRouter());
  router.use('/writer/earnings', writerEarningsRouter());
  router.use('/writer/fines', writerFinesRouter());
  router.use('/writer', writerPayoutsRouter()); // /writer/payouts, /writer/payout-requests, /writer/balance
  router.use('/writer/profile', writerProfileRouter());
  router.use('/payments', cardPaymentsRouter()); // /payments/card-…: before the payments router's /:id
  router.use('/payments', paymentsRouter());
  router.use('/staff', staffPaymentsRouter());
  router.use('/notifications', notificationsRouter());
  router.use('/support', supportRouter());
  router.use('/email', emailRouter()); // /email/unsubscribe: no sign-in (the signed token decides)
  return router;
}
