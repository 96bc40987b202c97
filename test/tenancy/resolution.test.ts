import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/platform/database.js';
import { Website } from '../../src/tenancy/models.js';
import { clearWebsiteCache, findWebsiteByHost } from '../../src/tenancy/read-models/website-by-host.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('website resolution from the Host header', () => {
  it('matches hosts with any port, case-insensitively', async () => {
    const a = await findWebsiteByHost('localhost:3000');
    expect(a?.slug).toBe('scriptorium-a');
    expect((await findWebsiteByHost('127.0.0.1:8080'))?.id).toBe(a?.id);
    expect((await findWebsiteByHost('B.LOCALHOST:3000'))?.slug).toBe('scriptorium-b');
    expect(await findWebsiteByHost('c.localhost')).toBeNull();
  });

  it('stops answering for a deactivated website once the cache is cleared', async () => {
    const b = (await Website.findOne({ where: { slug: 'scriptorium-b' } }))!;
    await inTransaction(() => b.update({ active: false }));
    clearWebsiteCache();
    const res = await request(t.app).get('/api/v1/anything').set('Host', 'b.localhost').expect(404);
    expect(res.body.error.message).toContain('b.localhost');
    // Asked again, the cached "no website" answers the same, without a lookup.
    expect((await request(t.app).get('/api/v1/anything').set('Host', 'b.localhost').expect(404)).body).toEqual(res.body);
    await inTransaction(() => b.update({ active: true }));
    clearWebsiteCache();
    await request(t.app)
      .get('/api/v1/anything')
      .set('Host', 'b.localhost')
      .expect(404, {
        error: { code: 'not_found', message: 'No route for GET /anything' },
      });
  });
});

// CORS: test/platform/cors.test.ts.

describe('security headers', () => {
  it('sets helmet headers on the API and hides the framework', async () => {
    const res = await request(t.app).get('/api/v1/anything').set('Host', 'localhost');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
