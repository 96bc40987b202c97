import type { EditingProvider } from '../orders/index.js';
import { editingReasonsFor } from './service/requirements.js';
import { editorHoldsOrder } from './service/tasks.js';

/** What orders asks of editing (registered in src/wiring.ts with provideEditing). */
export const editingProvider: EditingProvider = {
  requiresEditing: async (order) => (await editingReasonsFor(order)).length > 0,
  editorHoldsOrder,
};
