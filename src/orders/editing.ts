import type { Order } from './models.js';

/**
 * What orders asks the editors area (registered in src/wiring.ts: orders imports nothing of
 * editors): whether a writer's hand-in needs an editor under the website's requirement today, and
 * whether an editor holds the editing task of an order (what lets them see it, its files, and move
 * it out of editing). Without a provider no delivery needs editing unless the order says so, and
 * no editor reaches any order.
 */
export interface EditingProvider {
  /** Asked at each writer delivery of an order that does not already require editing. */
  requiresEditing(order: Order): Promise<boolean>;
  /** Whether this editor holds (has claimed) the open editing task of the order. */
  editorHoldsOrder(editorId: number, orderId: number): Promise<boolean>;
}

let provider: EditingProvider | undefined;

/** Registers the provider (src/wiring.ts); registering again replaces it. */
export function provideEditing(next: EditingProvider): void {
  provider = next;
}

export async function editingRequiredFor(order: Order): Promise<boolean> {
  if (order.requiresEditing) return true;
  return provider ? provider.requiresEditing(order) : false;
}

export async function editorHoldsOrder(editorId: number, orderId: number): Promise<boolean> {
  return provider ? provider.editorHoldsOrder(editorId, orderId) : false;
}
