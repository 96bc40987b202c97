import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('health and conventions', () => {
  it('reports the database and Redis reachable', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.checks.database.ok).toBe(true);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown host with a 404 JSON error', async () => {
    const res = await request(t.app).get('/api/v1/auth/sessions').set('Host', 'unknown.example').expect(404);
    expect(res.body.error.code).toBe('not_found');
    expect(res.body.error.message).toContain('unknown.example');
  });

  it('answers an unknown API route on a known host with a 404 JSON error', async () => {
    const res = await request(t.app).get('/api/v1/nothing-here').set('Host', 'localhost:3000').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route for GET /nothing-here' } });
  });

  it('echoes a well-formed X-Request-Id', async () => {
    const res = await request(t.app).get('/health').set('X-Request-Id', 'abc-12345678');
    expect(res.headers['x-request-id']).toBe('abc-12345678');
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('serves the API docs page offline: its scripts and styles come from this server', async () => {
    const page = await request(t.app)
      .get('/api/docs/')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toContain('./swagger-ui-bundle.js');
    for (const asset of assets) {
      expect(asset, 'no CDN').not.toMatch(/^(https?:)?\/\//);
      await request(t.app)
        .get(`/api/docs/${asset.replace(/^\.\//, '')}`)
        .expect(200);
    }
    const init = await request(t.app).get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"url": "/api/openapi.json"');
    await request(t.app).get('/api/docs').expect(301).expect('Location', '/api/docs/');
  });
});
