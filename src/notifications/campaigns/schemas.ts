import { errorResponses, open, registerOperation } from '../../platform/http/openapi.js';
import { z } from '../../platform/http/zod.js';

/** The unsubscribe endpoint of campaign emails (no sign-in: the signed token is the proof), for /api/openapi.json. */

export const unsubscribeQuery = z
  .object({
    token: z
      .string()
      .min(1)
      .max(2000)
      .openapi({ description: 'The signed token of the campaign email’s unsubscribe link (and List-Unsubscribe header)' }),
  })
  .strict();

export const unsubscribeView = z
  .object({
    unsubscribed: z.literal(true),
    email: z.string().openapi({ description: 'The address, partly hidden' }),
    changed: z.boolean().openapi({ description: 'False when the address had already unsubscribed' }),
  })
  .openapi('UnsubscribeResult');

const tags = ['email'];
const answers = {
  200: {
    description:
      'Unsubscribed from every campaign of this website (again: no change). A browser (Accept: text/html) gets a short confirmation page.',
    content: { 'application/json': { schema: unsubscribeView }, 'text/html': { schema: z.string() } },
  },
  ...errorResponses(400, 404),
};
registerOperation({
  method: 'get',
  path: '/api/v1/email/unsubscribe',
  operationId: 'unsubscribeByLink',
  tags,
  security: open,
  summary: 'Unsubscribe from the website’s campaign emails (the link in a campaign email)',
  description:
    'The link at the foot of every campaign email. Unsubscribes the address the token names from every later campaign of this website; ' +
    'nothing to sign in to. An invalid or tampered token is a 400.',
  request: { query: unsubscribeQuery },
  responses: answers,
});
registerOperation({
  method: 'post',
  path: '/api/v1/email/unsubscribe',
  operationId: 'unsubscribeOneClick',
  tags,
  security: open,
  summary: 'One-click unsubscribe (RFC 8058), as mail clients send it from the List-Unsubscribe header',
  description:
    'Mail clients POST `List-Unsubscribe=One-Click` (form-encoded) to the List-Unsubscribe URL; the body is not needed, the token in the query decides.',
  request: { query: unsubscribeQuery },
  responses: answers,
});
