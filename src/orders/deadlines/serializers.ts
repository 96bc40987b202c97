import type { OrderDeadlineChange } from './models.js';

/** A deadline change as its client (or staff) sees it: never the writer deadline. */
export function serializeDeadlineChange(change: OrderDeadlineChange) {
  return {
    id: change.id,
    kind: change.kind,
    status: change.status,
    oldDeadline: change.oldDeadline.toISOString(),
    newDeadline: change.newDeadline.toISOString(),
    chargeCents: change.chargeCents,
    requestedAt: change.createdAt.toISOString(),
    settledAt: change.settledAt?.toISOString() ?? null,
  };
}
