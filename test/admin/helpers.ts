import type { Express } from 'express';
import request from 'supertest';
import { expect } from 'vitest';
import { inTransaction } from '../../src/platform/database.js';
import { User } from '../../src/identity/models.js';
import { insertUser, type NewUser } from '../../src/identity/service/create-user.js';
import { Website } from '../../src/tenancy/models.js';

export const PASSWORD = 'scriptorium';
export type Agent = ReturnType<typeof request.agent>;

/** Signs in through the AdminJS form; returns the agent holding the session cookie. */
export async function signIn(app: Express, email: string, host = 'localhost'): Promise<Agent> {
  const agent = request.agent(app);
  const res = await agent.post('/admin/login').set('Host', host).type('form').send({ email, password: PASSWORD });
  expect(res.status, `sign-in of ${email} on ${host}`).toBe(302);
  expect(res.headers.location).toBe('/admin');
  return agent;
}

/** A record action POSTed the way the back office does it: same origin, form-encoded. */
export function act(agent: Agent, userId: number, action: string, data: Record<string, string> = {}, host = 'localhost') {
  return agent
    .post(`/admin/api/resources/users/records/${userId}/${action}`)
    .set('Host', host)
    .set('Origin', `http://${host}`)
    .type('form')
    .send(data);
}

export const websiteBySlug = async (slug: string) => (await Website.findOne({ where: { slug } }))!;

export async function makeUser(input: Partial<NewUser> & Pick<NewUser, 'websiteId' | 'role'>): Promise<User> {
  const n = Math.random().toString(36).slice(2, 8);
  return inTransaction(() =>
    insertUser({ email: `${input.role}-${n}@example.test`, password: PASSWORD, displayName: `Test ${input.role} ${n}`, ...input }),
  );
}

export const reload = async (id: number) => (await User.findByPk(id))!;

/** Fails when a response carries anything that looks like a password hash or its property. */
export function expectNoSecrets(text: string): void {
  expect(text).not.toMatch(/passwordHash|password_hash|\$argon2/);
}
