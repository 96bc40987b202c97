export { initOrderRequestModels, OrderRequest } from './models.js';
export { approveOrderRequest, declineOrderRequest, requestsOfOrder } from './service.js';
export type { OrderRequestView } from './service.js';
export { WRITER_REQUEST_STATUSES } from '../models.js';
export type { WriterRequestStatus } from '../models.js';
