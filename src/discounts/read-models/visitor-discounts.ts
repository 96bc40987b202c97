import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { assertCanEvaluateDiscounts } from '../policy.js';
import {
  decide,
  discountSettingsOf,
  VISITOR_LOYALTY_TIER,
  type DecisionContext,
  type DiscountEvaluation,
  type EvaluateInput,
} from '../service/evaluate.js';

/**
 * evaluateDiscounts when it needs no I/O: a visitor (no client history) with no code, nothing to
 * lock, and the website at hand; undefined otherwise (ask evaluateDiscounts). The public quote of a
 * visitor takes this path, so pricing it waits on nothing. The same policy check and the same
 * decision as evaluateDiscounts, on the facts a visitor has (docs/read-models.md: an at-hand twin).
 */
export function evaluateDiscountsAtHand(actor: Actor, input: EvaluateInput): DiscountEvaluation | undefined {
  if (input.clientId !== null || input.code || input.lock || !input.website) return undefined;
  assertCanEvaluateDiscounts(actor, input);
  const context: DecisionContext = {
    subtotalCents: input.subtotalCents,
    now: clock.now(),
    clientId: null,
    priorOrders: 0,
    lifetimeSpendCents: 0,
    clientUsesOfCode: 0,
    loyaltyTier: VISITOR_LOYALTY_TIER,
  };
  return decide(discountSettingsOf(input.website), context, null);
}
