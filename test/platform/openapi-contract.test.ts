import { readFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesOf } from '../support/api/generate.js';
import { servedRoutes } from '../support/api/routes.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The OpenAPI document is the portals' contract: it must name every route the app serves under
 * /api/v1 and nothing it does not, give each operation a stable operationId and a response schema,
 * and the committed client types must be the ones it generates (npm run api:types).
 * Redocly's lint of the same document runs in npm run lint (lint:openapi).
 */

interface Operation {
  operationId?: string;
  security?: unknown[];
  parameters?: Array<{ in: string; name: string; required?: boolean }>;
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

let t: TestApp;
let doc: Document;

beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.app).get('/api/openapi.json').set('Host', 'localhost').expect(200)).body as Document;
});
afterAll(() => t?.close());

function documentedOperations(): Array<{ method: string; path: string; operation: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ method, path, operation })),
  );
}

const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

describe('the OpenAPI document and the routes the app serves', () => {
  it('finds the routes however they are mounted (app level, routers at a path, routers at the root, exact-path routers)', () => {
    const served = new Set(servedRoutes(t.app).map(key));
    for (const route of [
      'POST /api/v1/pricing/quote', // app.post
      'GET /api/v1/orders', // app.get
      'POST /api/v1/payments/stripe/webhook', // a router mounted on the exact path
      'GET /api/v1/orders/{id}/files/{fileId}/url', // a router mounted at /api/v1 itself
      'GET /api/v1/writer/orders', // a router's '/' under /api/v1/writer/orders
      'DELETE /api/v1/auth/sessions/{id}',
      'GET /health',
    ]) {
      expect(served, route).toContain(route);
    }
  });

  it('documents every /api/v1 route the app serves, and documents nothing it does not serve', () => {
    const served = new Set(
      servedRoutes(t.app)
        .filter((r) => r.path.startsWith('/api/v1/'))
        .map(key),
    );
    const documented = new Set(documentedOperations().map(key));
    expect([...served].filter((r) => !documented.has(r)).sort(), 'served but not documented').toEqual([]);
    expect([...documented].filter((r) => !served.has(r)).sort(), 'documented but not served').toEqual([]);
    expect(documented.size).toBeGreaterThan(80);
  });

  it('gives every operation a unique, readable operationId, a security choice and its path parameters', () => {
    const ids = new Map<string, string>();
    for (const { method, path, operation } of documentedOperations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z]+[A-Z][A-Za-z]*$|^[a-z]+$/);
      expect(ids.get(operation.operationId!), `${operation.operationId} is used twice`).toBeUndefined();
      ids.set(operation.operationId!, where);
      expect(operation.security, `${where} declares no security (public operations say security: [])`).toBeInstanceOf(Array);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((p) => p.in === 'path' && p.required)
        .map((p) => p.name)
        .sort();
      expect(declared, `${where} path parameters`).toEqual(inPath);
    }
    expect(ids.get('listMyOrders')).toBe('GET /api/v1/orders');
    expect(ids.get('takeOrder')).toBe('POST /api/v1/writer/orders/{id}/take');
  });

  it('describes the body of every successful answer with a schema (204 has none)', () => {
    for (const { method, path, operation } of documentedOperations()) {
      const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(successes.length, `${method} ${path} has no 2xx answer`).toBeGreaterThan(0);
      for (const [status, response] of successes) {
        const where = `${method.toUpperCase()} ${path} ${status}`;
        if (status === '204') {
          expect(response.content, where).toBeUndefined();
          continue;
        }
        const media = Object.entries(response.content ?? {});
        expect(media.length, `${where} has no content`).toBeGreaterThan(0);
        for (const [type, { schema }] of media) expect(schema, `${where} ${type}`).toBeTruthy();
      }
    }
  });

  it('has no ambiguous paths but the one pair redocly.yaml allows', () => {
    const ambiguous: string[] = [];
    const paths = Object.keys(doc.paths);
    const isVar = (part: string) => /^\{.+\}$/.test(part);
    paths.forEach((a, i) => {
      for (const b of paths.slice(i + 1)) {
        const pa = a.split('/');
        const pb = b.split('/');
        if (pa.length !== pb.length) continue;
        const clash = pa.every((part, k) => isVar(part) || isVar(pb[k]) || part === pb[k]);
        if (clash && pa.filter(isVar).length === pb.filter(isVar).length) ambiguous.push([a, b].sort().join(' ~ '));
      }
    });
    expect(ambiguous).toEqual(['/api/v1/payments/card-intents/{paymentId} ~ /api/v1/payments/{id}/receipt.pdf']);
  });

  it('is the document the committed client types were generated from (else: npm run api:types)', async () => {
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    expect(committed === (await apiTypesOf(doc)), `${API_TYPES_FILE} is stale: run npm run api:types`).toBe(true);
  });
});
