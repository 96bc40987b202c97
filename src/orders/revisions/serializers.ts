import type { OrderRevision } from './models.js';

/** A revision as its client (or staff) sees it, in the order's currency. */
export function serializeRevision(revision: OrderRevision, currency: string) {
  return {
    id: revision.id,
    status: revision.status,
    paid: revision.chargeCents > 0,
    chargeCents: revision.chargeCents,
    currency,
    reason: revision.reason,
    instructions: revision.instructions,
    instructionsChanged: revision.instructionsChanged,
    deadline: revision.deadline.toISOString(),
    requestedAt: revision.createdAt.toISOString(),
    settledAt: revision.settledAt?.toISOString() ?? null,
  };
}
