/** Tips (src/writers/tips): a client tips their order's writer from the wallet. */
export { initTipModels, Tip, TIP_STATUSES, type TipStatus } from './models.js';
export { tipsRouter } from './routes.js';
export { tipWriter } from './service.js';
export { approveTip, canReviewTip, refuseTip } from './review.js';
