import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { z } from './zod.js';

/** Every area's schemas.ts registers its paths here; the document is generated from them. */
export const openApiRegistry = new OpenAPIRegistry();

export const bearerAuth = openApiRegistry.registerComponent('securitySchemes', 'bearerAuth', {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
});

export const errorBodySchema = openApiRegistry.register(
  'Error',
  z.object({
    error: z.object({
      code: z.string().openapi({ example: 'validation_failed' }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().openapi({ example: { email: 'Invalid email address' } }),
    }),
  }),
);

/** The standard error responses, to spread into a path's `responses`. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Invalid input: the fields named in error.fields',
    401: 'Missing, invalid or expired access token',
    403: 'Not allowed for this actor',
    404: 'Not found (or not visible to this actor)',
    409: 'Conflicts with the current state',
    413: 'Body too large',
    423: 'Account locked',
    429: 'Rate limited',
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status] ?? 'Error', content: { 'application/json': { schema: errorBodySchema } } }]),
  );
}

let cached: ReturnType<OpenApiGeneratorV3['generateDocument']> | undefined;

export function buildOpenApiDocument() {
  cached ??= new OpenApiGeneratorV3(openApiRegistry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Scriptorium API',
      version: '1.0.0',
      description:
        'The JSON API of the client, writer and editor portals. The website is chosen by the Host header. ' +
        'Errors are `{"error": {"code", "message", "fields"}}`; lists are cursor-paginated (`limit`, `cursor` -> `nextCursor`).',
    },
    servers: [{ url: '/' }],
  });
  return cached;
}
