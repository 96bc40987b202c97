import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../seeders/demo.js';
import { startTestApp, type TestApp, type TestEnv } from './harness.js';

/**
 * The back office through its HTTP API, as the AdminJS screens call it: sign-in through the login
 * form (the agent keeps the session cookie), reads by GET, and state changes POSTed from the
 * admin's own origin, form-encoded (the origin check refuses anything else).
 */
export type Agent = ReturnType<typeof request.agent>;

/** The app with its back office; a test file signs in more often than the login rate limit allows. */
export function startAdminApp(env: TestEnv = {}): Promise<TestApp> {
  return startTestApp({ admin: true, env: { RATE_LIMIT_ADMIN_LOGIN_PER_15_MIN: '1000', ...env } });
}

/** Signs in through the AdminJS form; returns the agent holding the session cookie. */
export async function signIn(app: Express, email: string, host = 'localhost', password = DEMO_PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const res = await agent.post('/admin/login').set('Host', host).type('form').send({ email, password });
  expect(res.status, `sign-in of ${email} on ${host}`).toBe(302);
  expect(res.headers.location).toBe('/admin');
  return agent;
}

/** The demo staff most back-office tests need: website A's admin and support, website B's admin. */
export async function signInStaff(app: Express): Promise<{ admin: Agent; support: Agent; adminB: Agent }> {
  const [admin, support, adminB] = await Promise.all([
    signIn(app, 'admin@scriptorium.test'),
    signIn(app, 'support@scriptorium.test'),
    signIn(app, 'admin@b.scriptorium.test', 'b.localhost'),
  ]);
  return { admin, support, adminB };
}

/** POST /admin/api/resources/<path> the way the back office sends it: same origin, form-encoded. */
export function adminPost(agent: Agent, path: string, data: Record<string, string> = {}, host = 'localhost') {
  return agent.post(`/admin/api/resources/${path}`).set('Host', host).set('Origin', `http://${host}`).type('form').send(data);
}

/** GET /admin/api/resources/<path> (lists, shows, and the GET of an action, which changes nothing). */
export function adminGet(agent: Agent, path: string, host = 'localhost') {
  return agent.get(`/admin/api/resources/${path}`).set('Host', host);
}

/** A resource's record actions: `act` POSTs one, `get` GETs it (query string included, e.g. '?q=…'). */
export function recordActions(resource: string) {
  return {
    act: (agent: Agent, id: number, action: string, data: Record<string, string> = {}, host = 'localhost') =>
      adminPost(agent, `${resource}/records/${id}/${action}`, data, host),
    get: (agent: Agent, id: number, action: string, query = '', host = 'localhost') =>
      adminGet(agent, `${resource}/records/${id}/${action}${query}`, host),
  };
}

/** The ids of an AdminJS list answer. */
export const listedIds = (body: { records: Array<{ id: string }> }): number[] => body.records.map((r) => Number(r.id));
