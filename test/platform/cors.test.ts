import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * CORS admits configured origins only: a website's own domains with the deployment's scheme and
 * port (http on PORT, 3000, outside production), and CORS_ORIGINS entries for the website whose
 * domain they name. Another port or scheme of the same domain is another origin.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { CORS_ORIGINS: 'http://localhost:5173, http://b.localhost:5174' } });
});
afterAll(() => t?.close());

const preflight = (host: string, origin: string) =>
  request(t.app).options('/api/v1/auth/login').set('Host', host).set('Origin', origin).set('Access-Control-Request-Method', 'POST');

describe('CORS', () => {
  it("allows the website's own domains on the deployment's scheme and port, and its configured extra origins", async () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://localhost:5173']) {
      const res = await preflight('localhost:3000', origin);
      expect(res.status, origin).toBe(204);
      expect(res.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
    }
    const b = await preflight('b.localhost:3000', 'http://b.localhost:5174');
    expect(b.headers['access-control-allow-origin']).toBe('http://b.localhost:5174');
  });

  it('refuses another port or scheme of the same domain, another website, and foreign origins', async () => {
    for (const origin of [
      'http://localhost:8080',
      'http://localhost',
      'https://localhost:3000',
      'https://localhost',
      'http://b.localhost:3000',
      'http://b.localhost:5174', // configured, but for website B
      'https://evil.example',
      'null',
    ]) {
      const res = await preflight('localhost:3000', origin);
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    // An actual request from a refused origin gets no CORS header either.
    const res = await request(t.app).get('/api/v1/anything').set('Host', 'localhost:3000').set('Origin', 'http://localhost:8080');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
