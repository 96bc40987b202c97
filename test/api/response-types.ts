/**
 * Type-level half of the contract (checked by `npm run typecheck`, nothing runs): what each route
 * sends, as the services' and serializers' TypeScript types say, must fit the response type the
 * portals' generated client expects for it (schema.d.ts, from the OpenAPI document). A field the
 * server stops sending, or sends with another type, fails the typecheck here; the end-to-end test
 * (order-journey.test.ts) checks the same at run time for the routes it walks.
 */
import type { getWriterOrder, listMyWriterOrders } from '../../src/orders/service/writer-queries.js';
import type { listAvailableOrders } from '../../src/orders/service/writer-actions.js';
import type { getClientOrder, clientOrdersPage } from '../../src/orders/service/queries.js';
import type { listWriterPreferences, previewCancellation } from '../../src/orders/service/client-actions.js';
import type { writerQualifications } from '../../src/orders/qualifications/service.js';
import type { listOrderFiles, uploadOrderFile } from '../../src/orders/files/service.js';
import type { serializeRevision } from '../../src/orders/revisions/serializers.js';
import type { previewRevision } from '../../src/orders/revisions/service.js';
import type { serializeDeadlineChange } from '../../src/orders/deadlines/serializers.js';
import type { previewDeadlineChange } from '../../src/orders/deadlines/service.js';
import type { listMessages, listThreads, unreadSummary } from '../../src/orders/messages/service/read.js';
import type { postMessage } from '../../src/orders/messages/service/post.js';
import type { listHeldMessages, reviewHeldMessage } from '../../src/orders/messages/service/review.js';
import type { createMessageRule, listMessageRules, updateMessageRule } from '../../src/orders/messages/service/message-rules.js';
import type { serializeClientPayment } from '../../src/payments/serializers.js';
import type { listClientPayments, getClientPayment } from '../../src/payments/service/queries.js';
import type { cardAvailability, createCardIntent, getCardPaymentStatus, syncCardPayment } from '../../src/payments/card/service.js';
import type { serializePlan, serializeStaffPlan } from '../../src/payments/installments/serializers.js';
import type { getOrderPlan } from '../../src/payments/installments/service/queries.js';
import type { serializeClientRefund, serializeStaffRefund } from '../../src/payments/refunds/serializers.js';
import type { listOrderRefunds } from '../../src/payments/refunds/service/queries.js';
import type { receiveStripeWebhook } from '../../src/payments/stripe-events/service.js';
import type { accountHistory } from '../../src/ledger/service/queries.js';
import type { listWriterEarnings } from '../../src/writers/service/queries.js';
import type { pricingOptions, quoteWithDiscounts } from '../../src/pricing/service/quote.js';
import type { validateDiscountCode } from '../../src/discounts/service/validate.js';
import type { serializeMe, serializeSession } from '../../src/identity/serializers.js';
import type { AuthResult } from '../../src/identity/service/sessions.js';
import type { Page } from '../../src/platform/http/pagination.js';
import type { OrderVisibility } from '../../src/orders/models.js';
import type { paths } from '../support/api/schema.js';

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
/** The JSON body the generated client expects from `method path` answering `status`. */
type Documented<P extends keyof paths, M extends Method & keyof paths[P], S extends number = 200> = paths[P][M] extends {
  responses: infer R;
}
  ? S extends keyof R
    ? R[S] extends { content: { 'application/json': infer B } }
      ? B
      : never
    : never
  : never;
/** What JSON makes of a value: dates become ISO strings (res.json), everything else stays. */
type Json<T> = T extends Date ? string : T extends Array<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]: Json<T[K]> } : T;
/** Compiles only when what the server sends (Sent, once JSON) fits what the document promises (Promised). */
type Fits<Sent extends Promised, Promised> = Sent;
type Sends<F extends (...args: never[]) => unknown> = Json<Awaited<ReturnType<F>>>;

/** The serializer types visibility as a string; the column only ever holds ORDER_VISIBILITIES, as documented. */
type Order = Omit<Sends<typeof getClientOrder>, 'visibility'> & { visibility: OrderVisibility };
type WriterOrder = Sends<typeof getWriterOrder>;
type Payment = ReturnType<typeof serializeClientPayment>;
type PaidOrder = {
  id: number;
  number: string;
  status: Order['status'];
  totalCents: number | null;
  paidCents: number;
  outstandingCents: number;
};
type Tokens = AuthResult['tokens'] & { user: ReturnType<typeof serializeMe> };

export type Checked = [
  // identity
  Fits<Tokens, Documented<'/api/v1/auth/register', 'post', 201>>,
  Fits<Tokens, Documented<'/api/v1/auth/login', 'post'>>,
  Fits<Tokens, Documented<'/api/v1/auth/refresh', 'post'>>,
  Fits<Page<ReturnType<typeof serializeSession>>, Documented<'/api/v1/auth/sessions', 'get'>>,
  Fits<ReturnType<typeof serializeMe>, Documented<'/api/v1/users/me', 'get'>>,
  Fits<ReturnType<typeof serializeMe>, Documented<'/api/v1/users/me', 'patch'>>,
  // pricing, discounts, wallet
  Fits<Sends<typeof quoteWithDiscounts>, Documented<'/api/v1/pricing/quote', 'post'>>,
  Fits<Sends<typeof pricingOptions>, Documented<'/api/v1/pricing/options', 'get'>>,
  Fits<Sends<typeof validateDiscountCode>, Documented<'/api/v1/discounts/validate', 'post'>>,
  Fits<Sends<typeof accountHistory>, Documented<'/api/v1/wallet/history', 'get'>>,
  // the client's orders
  Fits<Order, Documented<'/api/v1/orders', 'post', 201>>,
  Fits<ReturnType<typeof clientOrdersPage>, Documented<'/api/v1/orders', 'get'>>,
  Fits<Order, Documented<'/api/v1/orders/{id}', 'get'>>,
  Fits<Order, Documented<'/api/v1/orders/{id}', 'patch'>>,
  Fits<Order, Documented<'/api/v1/orders/{id}/submit', 'post'>>,
  Fits<Order, Documented<'/api/v1/orders/{id}/approve', 'post'>>,
  Fits<Order, Documented<'/api/v1/orders/{id}/dispute', 'post'>>,
  Fits<Order, Documented<'/api/v1/orders/{id}/cancel', 'post'>>,
  Fits<Sends<typeof previewCancellation>, Documented<'/api/v1/orders/{id}/cancellation', 'get'>>,
  // listWriterPreferences types kind as a string; the column holds WRITER_PREFERENCE_KINDS, as documented.
  Fits<
    { items: Array<Omit<Sends<typeof listWriterPreferences>[number], 'kind'> & { kind: 'favourite' | 'blocked' }> },
    Documented<'/api/v1/orders/writers/preferences', 'get'>
  >,
  // the writer's orders and earnings
  Fits<Sends<typeof listAvailableOrders>, Documented<'/api/v1/writer/orders/available', 'get'>>,
  Fits<Sends<typeof listMyWriterOrders>, Documented<'/api/v1/writer/orders', 'get'>>,
  Fits<WriterOrder, Documented<'/api/v1/writer/orders/{id}', 'get'>>,
  Fits<WriterOrder, Documented<'/api/v1/writer/orders/{id}/take', 'post'>>,
  Fits<WriterOrder, Documented<'/api/v1/writer/orders/{id}/accept', 'post'>>,
  Fits<WriterOrder, Documented<'/api/v1/writer/orders/{id}/submit', 'post'>>,
  Fits<{ items: Sends<typeof writerQualifications> }, Documented<'/api/v1/writer/subjects', 'get'>>,
  Fits<Sends<typeof listWriterEarnings>, Documented<'/api/v1/writer/earnings', 'get'>>,
  // files
  Fits<Sends<typeof uploadOrderFile>, Documented<'/api/v1/orders/{id}/files', 'post', 201>>,
  Fits<Sends<typeof listOrderFiles>, Documented<'/api/v1/orders/{id}/files', 'get'>>,
  // revisions and deadline changes
  Fits<Sends<typeof previewRevision>, Documented<'/api/v1/orders/{id}/revision-terms', 'get'>>,
  Fits<{ revision: ReturnType<typeof serializeRevision>; order: Order }, Documented<'/api/v1/orders/{id}/revision', 'post', 201>>,
  Fits<{ items: Array<ReturnType<typeof serializeRevision>> }, Documented<'/api/v1/orders/{id}/revisions', 'get'>>,
  Fits<ReturnType<typeof serializeRevision>, Documented<'/api/v1/orders/{id}/revisions/{revisionId}/withdraw', 'post'>>,
  Fits<Sends<typeof previewDeadlineChange>, Documented<'/api/v1/orders/{id}/deadline-change', 'get'>>,
  Fits<{ change: ReturnType<typeof serializeDeadlineChange>; order: Order }, Documented<'/api/v1/orders/{id}/deadline', 'post', 201>>,
  Fits<{ items: Array<ReturnType<typeof serializeDeadlineChange>> }, Documented<'/api/v1/orders/{id}/deadline-changes', 'get'>>,
  Fits<ReturnType<typeof serializeDeadlineChange>, Documented<'/api/v1/orders/{id}/deadline-changes/{changeId}/cancel', 'post'>>,
  // messages
  Fits<Sends<typeof listThreads>, Documented<'/api/v1/orders/{id}/threads', 'get'>>,
  Fits<Sends<typeof listMessages>, Documented<'/api/v1/orders/{id}/threads/{kind}/messages', 'get'>>,
  Fits<Sends<typeof postMessage>, Documented<'/api/v1/orders/{id}/threads/{kind}/messages', 'post', 201>>,
  Fits<Sends<typeof reviewHeldMessage>, Documented<'/api/v1/orders/{id}/threads/{kind}/messages/{mid}/release', 'post'>>,
  Fits<Sends<typeof unreadSummary>, Documented<'/api/v1/messages/unread', 'get'>>,
  Fits<Sends<typeof listHeldMessages>, Documented<'/api/v1/messages/held', 'get'>>,
  Fits<Sends<typeof listMessageRules>, Documented<'/api/v1/messages/rules', 'get'>>,
  Fits<Sends<typeof createMessageRule>, Documented<'/api/v1/messages/rules', 'post', 201>>,
  Fits<Sends<typeof updateMessageRule>, Documented<'/api/v1/messages/rules/{ruleId}', 'patch'>>,
  // payments
  Fits<{ payment: Payment; order: PaidOrder }, Documented<'/api/v1/orders/{id}/pay', 'post', 201>>,
  Fits<
    { payment: Payment; change: ReturnType<typeof serializeDeadlineChange>; order: PaidOrder },
    Documented<'/api/v1/orders/{id}/deadline-changes/{changeId}/pay', 'post', 201>
  >,
  Fits<
    { payment: Payment; revision: ReturnType<typeof serializeRevision>; order: PaidOrder },
    Documented<'/api/v1/orders/{id}/revisions/{revisionId}/pay', 'post', 201>
  >,
  Fits<Sends<typeof listClientPayments>, Documented<'/api/v1/payments', 'get'>>,
  Fits<Sends<typeof getClientPayment>, Documented<'/api/v1/payments/{id}', 'get'>>,
  Fits<
    { available: ReturnType<typeof cardAvailability>['available']; reason: string | null },
    Documented<'/api/v1/payments/card-availability', 'get'>
  >,
  Fits<Sends<typeof createCardIntent>, Documented<'/api/v1/payments/card-intents', 'post', 201>>,
  Fits<Sends<typeof getCardPaymentStatus>, Documented<'/api/v1/payments/card-intents/{paymentId}', 'get'>>,
  Fits<Sends<typeof syncCardPayment>, Documented<'/api/v1/payments/card-intents/{paymentId}/sync', 'post'>>,
  Fits<{ received: true } & Sends<typeof receiveStripeWebhook>, Documented<'/api/v1/payments/stripe/webhook', 'post'>>,
  // installments
  Fits<Sends<typeof getOrderPlan>, Documented<'/api/v1/orders/{id}/installment-plan', 'get'>>,
  Fits<ReturnType<typeof serializeStaffPlan>, Documented<'/api/v1/orders/{id}/installment-plan', 'post', 201>>,
  Fits<ReturnType<typeof serializeStaffPlan>, Documented<'/api/v1/orders/{id}/installment-plan/cancel', 'post'>>,
  Fits<
    { payment: Payment; order: PaidOrder; plan: ReturnType<typeof serializePlan> },
    Documented<'/api/v1/orders/{id}/installment-plan/pay', 'post', 201>
  >,
  // refunds
  Fits<
    Omit<Sends<typeof listOrderRefunds>, 'items'> & { items: Array<ReturnType<typeof serializeClientRefund>> },
    Documented<'/api/v1/orders/{id}/refunds', 'get'>
  >,
  Fits<
    Omit<Sends<typeof listOrderRefunds>, 'items'> & { items: Array<ReturnType<typeof serializeStaffRefund>> },
    Documented<'/api/v1/orders/{id}/refunds', 'get'>
  >,
  Fits<ReturnType<typeof serializeStaffRefund>, Documented<'/api/v1/orders/{id}/refunds', 'post', 201>>,
  Fits<ReturnType<typeof serializeStaffRefund>, Documented<'/api/v1/refunds/{id}/approve', 'post'>>,
  Fits<ReturnType<typeof serializeStaffRefund>, Documented<'/api/v1/refunds/{id}/reject', 'post'>>,
];
