import { createDraftOrder, type Order, type OrderDetailsInput } from '../src/orders/index.js';
import { ValidationFailed, type FieldErrors } from '../src/platform/errors.js';
import { adminOf, serviceHandler } from './actions.js';
import { payloadOf, text, type Payload } from './order-forms.js';

/**
 * "New order" in the back office: a draft through the wizard's service, unattributed unless a
 * client is named. A superadmin names the website (they belong to none); an admin's is their own.
 */

function details(p: Payload): OrderDetailsInput & { clientId?: number | null } {
  const errors: FieldErrors = {};
  const input: OrderDetailsInput & { clientId?: number | null } = {};
  const topic = text(p, 'topic', false);
  if (topic) {
    if (topic.length > 300) errors.topic = 'must be at most 300 characters';
    input.topic = topic;
  }
  const instructions = text(p, 'instructions', false);
  if (instructions) input.instructions = instructions;
  for (const key of ['paperType', 'academicLevel', 'subject'] as const) {
    const value = text(p, key, false);
    if (value && value.length > 60) errors[key] = 'must be at most 60 characters';
    else if (value) input[key] = value;
  }
  const pages = text(p, 'pages', false);
  if (pages) {
    if (!/^\d{1,4}$/.test(pages) || Number(pages) < 1) errors.pages = 'must be a whole number of pages';
    else input.pages = Number(pages);
  }
  const deadline = text(p, 'deadline', false);
  if (deadline) {
    const d = new Date(deadline);
    if (Number.isNaN(d.getTime())) errors.deadline = 'must be a date';
    else input.deadline = d;
  }
  const clientId = text(p, 'clientId', false);
  if (clientId) {
    if (!/^\d{1,15}$/.test(clientId)) errors.clientId = 'must be a client';
    else input.clientId = Number(clientId);
  }
  if (Object.keys(errors).length) throw ValidationFailed(errors);
  return input;
}

/** New order (a draft): for a client, or unattributed; a superadmin names the website. Shown next, as a record. */
export const newOrderHandler = serviceHandler({
  form: { redirect: 'record' },
  run: async (actor, request, context) => {
    const payload = payloadOf(request.payload);
    if (adminOf(context)!.role === 'superadmin') {
      const websiteId = text(payload, 'websiteId', true)!;
      if (!/^\d{1,15}$/.test(websiteId)) throw ValidationFailed({ websiteId: 'choose a website' });
      actor.websiteId = Number(websiteId);
    }
    return createDraftOrder(actor, details(payload));
  },
  success: (order) => `Draft order ${(order as Order).number} is created`,
});
