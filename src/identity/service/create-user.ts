import { getSequelize } from '../../platform/database.js';
import { User } from '../models.js';
import { hashPassword } from '../password.js';
import { formatRegistrationId, type UserStatus } from '../rules.js';
import { type Role } from '../../platform/actor.js';

export interface NewUser {
  websiteId: number | null;
  role: Role;
  email: string;
  password: string;
  displayName: string;
  penName?: string | null;
  timezone?: string;
  status?: UserStatus;
}

/** The next registration ID of a role (CL-000001, WR-000001, …), from that role's sequence. */
export async function nextRegistrationId(role: Role): Promise<string> {
  const [rows] = await getSequelize().query(`SELECT nextval('registration_seq_${role}') AS n`);
  return formatRegistrationId(role, Number((rows as Array<{ n: number | string }>)[0]!.n));
}

/**
 * Inserts a user with a hashed password and a fresh registration ID. Not a use case on its own:
 * callers (registration, staff creating accounts, the seeder) check rights and write the audit row.
 */
export async function insertUser(input: NewUser): Promise<User> {
  const created = await User.create({
    websiteId: input.role === 'superadmin' ? null : input.websiteId,
    role: input.role,
    registrationId: await nextRegistrationId(input.role),
    email: input.email.trim().toLowerCase(),
    passwordHash: await hashPassword(input.password),
    displayName: input.displayName,
    penName: input.penName ?? null,
    timezone: input.timezone ?? 'UTC',
    status: input.status ?? 'active',
  });
  // Re-read through the default scope so the hash never travels further than this function.
  return (await User.findByPk(created.id))!;
}
