import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../seeders/demo.js';
import { inTransaction } from '../../src/platform/database.js';
import { User } from '../../src/identity/models.js';
import { insertUser, type NewUser } from '../../src/identity/service/create-user.js';
import { Website } from '../../src/tenancy/models.js';
import { adminPost, type Agent } from '../support/admin.js';

/** The password of the demo staff and of the users makeUser creates. */
export const PASSWORD = DEMO_PASSWORD;

/** A record action of the Users resource, POSTed the way the back office does it. */
export function act(agent: Agent, userId: number, action: string, data: Record<string, string> = {}, host = 'localhost') {
  return adminPost(agent, `users/records/${userId}/${action}`, data, host);
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
