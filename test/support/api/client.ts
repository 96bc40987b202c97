import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { ZodType } from 'zod';
import { openApiRegistry } from '../../../src/platform/http/openapi.js';
import type { paths } from './schema.js';

/**
 * The portals' typed client, as a portal team would generate it (openapi-typescript types +
 * openapi-fetch), pointed at a listening test server. Every answer is also checked against the
 * operation's documented responses: an undocumented status, a body its schema refuses, or a field
 * the schema does not name fails the call. So a test that walks the API through this client proves
 * the document describes what the server really does.
 */
export type ApiClient = Client<paths>;

interface DocumentedResponse {
  description: string;
  content?: Record<string, { schema?: unknown }>;
}

function documentedResponses(method: string, path: string): Record<string, DocumentedResponse> {
  for (const definition of openApiRegistry.definitions) {
    if (definition.type === 'route' && definition.route.method === method && definition.route.path === path) {
      return definition.route.responses as Record<string, DocumentedResponse>;
    }
  }
  throw new Error(`${method.toUpperCase()} ${path} is not in the OpenAPI document`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fields of `sent` that the schema's parse dropped: the answer carries something the document does not name. */
function undocumentedFields(sent: unknown, parsed: unknown, at: string, found: string[]): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) sent.forEach((item, i) => undocumentedFields(item, parsed[i], `${at}[${i}]`, found));
  else if (isObject(sent) && isObject(parsed)) {
    for (const [key, value] of Object.entries(sent)) {
      if (!(key in parsed)) found.push(`${at}.${key}`);
      else undocumentedFields(value, parsed[key], `${at}.${key}`, found);
    }
  }
  return found;
}

/** Checks one answer against the document; returns what is wrong with it. */
export async function contractProblems(method: string, schemaPath: string, response: Response): Promise<string[]> {
  const where = `${method.toUpperCase()} ${schemaPath} -> ${response.status}`;
  const documented = documentedResponses(method, schemaPath)[String(response.status)];
  if (!documented) return [`${where}: status not documented`];
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!documented.content) return response.status === 204 || !type ? [] : [`${where}: a ${type} body where the document has none`];
  const media = documented.content[type] ?? documented.content[`${type.split('/')[0]}/*`] ?? documented.content['*/*'];
  if (!media) return [`${where}: ${type || 'no content type'} is not among ${Object.keys(documented.content).join(', ')}`];
  if (type !== 'application/json') return [];
  const body: unknown = await response.clone().json();
  const result = (media.schema as ZodType).safeParse(body);
  if (!result.success)
    return result.error.issues.map((issue) => `${where}: body${issue.path.map((p) => `.${String(p)}`).join('')} ${issue.message}`);
  return undocumentedFields(body, result.data, 'body', []).map((field) => `${where}: ${field} is not in the document`);
}

/** Fails the call when the answer is not what the document says (see contractProblems). */
export const contractCheck: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const problems = await contractProblems(request.method.toLowerCase(), schemaPath, response);
    if (problems.length) throw new Error(`The answer differs from the OpenAPI document:\n${problems.join('\n')}`);
    return undefined;
  },
};

/** A typed client for `baseUrl`, sending `token()` as the bearer token when there is one. */
export function apiClient(baseUrl: string, token: () => string | undefined = () => undefined): ApiClient {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      const value = token();
      if (value) request.headers.set('Authorization', `Bearer ${value}`);
      return request;
    },
  });
  client.use(contractCheck);
  return client;
}

/** The body of a successful call; a failed one throws with its status and error body. */
export function ok<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined || !result.response.ok) {
    throw new Error(`${result.response.status} from ${result.response.url}: ${JSON.stringify(result.error)}`);
  }
  return result.data;
}
