import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { AppError, Conflict, NotFound, ValidationFailed } from '../../platform/errors.js';
import { Order } from '../../orders/models.js';
import { canSeeOrder } from '../../orders/policy.js';
import { priceDraft } from '../../orders/service/draft-price.js';
import { missingForSubmission } from '../../orders/service/wizard.js';
import type { Website } from '../../tenancy/models.js';
import type { DiscountSummary } from '../rules.js';
import { evaluateDiscounts } from './evaluate.js';

export interface ValidateInput {
  code: string;
  subtotalCents?: number;
  orderId?: number;
}

export interface ValidateResult {
  code: string;
  status: 'applied' | 'outranked';
  message: string;
  amountCents: number;
  subtotalCents: number;
  discounts: DiscountSummary;
}

/** The subtotal of one of the client's drafts, priced now as submit would price it. */
async function draftSubtotal(actor: Actor, orderId: number): Promise<{ subtotalCents: number; clientId: number | null }> {
  const order = actor.userId !== null ? await Order.findByPk(orderId) : null; // a visitor has no orders
  if (!order || !canSeeOrder(actor, order)) throw NotFound('Order');
  if (order.status !== 'draft') throw Conflict('Discounts are fixed when an order is placed', { currentStatus: order.status });
  const now = clock.now();
  const missing = missingForSubmission(order, now);
  if (Object.keys(missing).length) throw ValidationFailed(missing, 'The order is not complete enough to be priced');
  return { subtotalCents: (await priceDraft(order, now)).quote.totalCents, clientId: order.clientId };
}

/**
 * Checks a code at checkout. Writes nothing. A refused code is a 400 naming the field `code` with
 * the reason; an unknown code and another website's code give the same answer.
 */
export async function validateDiscountCode(actor: Actor, website: Website, input: ValidateInput): Promise<ValidateResult> {
  const clientId = actor.role === 'client' ? actor.userId : null;
  const priced = input.orderId !== undefined ? await draftSubtotal(actor, input.orderId) : { subtotalCents: input.subtotalCents!, clientId };
  const evaluation = await evaluateDiscounts(actor, {
    websiteId: website.id,
    website,
    clientId: priced.clientId,
    subtotalCents: priced.subtotalCents,
    code: input.code,
    orderId: input.orderId ?? null,
  });
  const outcome = evaluation.code!;
  if (outcome.status === 'refused') throw new AppError('validation_failed', outcome.message, { code: outcome.message }, { reason: outcome.reason });
  return {
    code: outcome.code,
    status: outcome.status,
    message: outcome.message,
    amountCents: outcome.amountCents ?? 0,
    subtotalCents: priced.subtotalCents,
    discounts: evaluation.summary,
  };
}
