import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { z } from './zod.js';

/**
 * The API contract. Every area's schemas.ts registers its operations here (registerOperation); the
 * document served at /api/openapi.json is generated from them. It is linted with Redocly's
 * recommended rules (`npm run lint:openapi`), compared with the routes the app serves
 * (test/platform/openapi-contract.test.ts) and the portals' typed client is generated from it
 * (`npm run api:types`).
 */
export const openApiRegistry = new OpenAPIRegistry();

export const bearerAuth = openApiRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'The access token from POST /api/v1/auth/login, /register or /refresh',
});

/** An operation for a signed-in user (the role checks are the operation's own: 403 otherwise). */
export const signedIn = [{ [bearerAuth.name]: [] }];
/** An operation anyone may call: no token needed. */
export const open: Array<Record<string, string[]>> = [];
/** An operation a visitor may call, which a signed-in user's token personalises. */
export const tokenOptional = [{ [bearerAuth.name]: [] }, {}];

export const errorBodySchema = openApiRegistry.register(
  'Error',
  z.object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .openapi({ example: { email: 'Invalid email address' } }),
    }),
  }),
);

/** The standard error responses, to spread into a path's `responses`. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid input: the fields named in error.fields',
    401: 'Missing, invalid or expired access token',
    402: 'Not enough money in the wallet',
    403: 'Not allowed for this actor',
    404: 'Not found (or not visible to this actor); also any path on a host that is no website',
    409: 'Conflicts with the current state',
    413: 'Body too large',
    423: 'Account locked',
    429: 'Rate limited',
    503: 'A service the operation needs (Stripe) failed or did not answer: nothing was done; retry',
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status] ?? 'Error', content: { 'application/json': { schema: errorBodySchema } } },
    ]),
  );
}

/** A JSON body or response: `{ content: { 'application/json': { schema } } }`. */
export const json = (schema: ZodType) => ({ content: { 'application/json': { schema } } });

/** A response with a JSON body. */
export const jsonResponse = (description: string, schema: ZodType) => ({ description, ...json(schema) });

/** An operation of the contract: like registerPath, but an operationId and a security choice are required. */
export type Operation = RouteConfig & { operationId: string; security: RouteConfig['security'] };

/**
 * Registers one operation. operationIds are what generated clients name their methods after: a
 * verb and a noun, stable once published (`listMyOrders`, `takeOrder`), unique in the document.
 */
export function registerOperation(operation: Operation): void {
  openApiRegistry.registerPath(operation);
}

let cached: ReturnType<OpenApiGeneratorV31['generateDocument']> | undefined;

export function buildOpenApiDocument() {
  cached ??= inStableOrder(
    new OpenApiGeneratorV31(openApiRegistry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Scriptorium API',
        version: '1.0.0',
        description:
          'The JSON API of the client, writer and editor portals. The website is chosen by the Host header. ' +
          'Errors are `{"error": {"code", "message", "fields"}}`; lists are cursor-paginated (`limit`, `cursor` -> `nextCursor`).',
        license: { name: 'Proprietary', identifier: 'LicenseRef-Scriptorium-Proprietary' },
        contact: { name: 'Scriptorium API team' },
      },
      servers: [{ url: '/', description: 'The website the request is sent to (the Host header chooses it)' }],
    }),
  );
  return cached;
}

const sortedByKey = <T>(record: Record<string, T> | undefined): Record<string, T> | undefined =>
  record && Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Paths and component schemas sorted by name: the areas register them as their modules load, and
 * that order follows whichever module a process imports first, so the document (and the client
 * types generated from it) would otherwise differ between the app, a script and a test.
 */
function inStableOrder<D extends { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } }>(document: D): D {
  const components = document.components && { ...document.components, schemas: sortedByKey(document.components.schemas) };
  return { ...document, paths: sortedByKey(document.paths), ...(components ? { components } : {}) };
}
