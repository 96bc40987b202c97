import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { Website } from '../../tenancy/index.js';
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

/**
 * The subtotal of one of the client's drafts, priced now as submit would price it (a NotFound,
 * Conflict or ValidationFailed when it cannot be). Orders owns drafts and provides this, registered
 * in src/wiring.ts: discounts imports nothing of orders.
 */
export type DraftSubtotal = (actor: Actor, orderId: number) => Promise<{ subtotalCents: number; clientId: number | null }>;

let draftSubtotal: DraftSubtotal = async () => {
  throw new Error('No draft pricing: src/wiring.ts registers it at boot');
};

/** Registers how a draft is priced for a code check (src/wiring.ts); registering again replaces it. */
export function provideDraftSubtotal(provider: DraftSubtotal): void {
  draftSubtotal = provider;
}

/**
 * Checks a code at checkout. Writes nothing. A refused code is a 400 naming the field `code` with
 * the reason; an unknown code and another website's code give the same answer.
 */
export async function validateDiscountCode(actor: Actor, website: Website, input: ValidateInput): Promise<ValidateResult> {
  const clientId = actor.role === 'client' ? actor.userId : null;
  const priced =
    input.orderId !== undefined ? await draftSubtotal(actor, input.orderId) : { subtotalCents: input.subtotalCents!, clientId };
  const evaluation = await evaluateDiscounts(actor, {
    websiteId: website.id,
    website,
    clientId: priced.clientId,
    subtotalCents: priced.subtotalCents,
    code: input.code,
    orderId: input.orderId ?? null,
  });
  const outcome = evaluation.code!;
  if (outcome.status === 'refused')
    throw new AppError('validation_failed', outcome.message, { code: outcome.message }, { reason: outcome.reason });
  return {
    code: outcome.code,
    status: outcome.status,
    message: outcome.message,
    amountCents: outcome.amountCents ?? 0,
    subtotalCents: priced.subtotalCents,
    discounts: evaluation.summary,
  };
}
