import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** Where the portals' typed client's types are committed (`npm run api:types` writes them). */
export const API_TYPES_FILE = 'test/support/api/schema.d.ts';

/** The TypeScript types openapi-typescript generates from an OpenAPI document: what API_TYPES_FILE must hold. */
export async function apiTypesOf(document: object): Promise<string> {
  // defaultNonNullable off: a request may leave out a field that has a default (limit, instructionsChanged…).
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { silent: true, defaultNonNullable: false });
  return COMMENT_HEADER + astToString(ast);
}
