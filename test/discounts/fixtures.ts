import type { Actor } from '../../src/identity/actor.js';
import { User } from '../../src/identity/models.js';
import { nextRegistrationId } from '../../src/identity/service/create-user.js';
import { inTransaction } from '../../src/platform/database.js';
import { DiscountCode, DiscountUsage } from '../../src/discounts/models.js';
import { createDiscountCode } from '../../src/discounts/service/codes.js';

let serial = 0;

/** A fresh client (no orders: their first order gets the first-order discount); never signs in. */
export async function newClient(websiteId: number): Promise<Actor & { userId: number }> {
  const user = await inTransaction(async () =>
    User.create({
      websiteId,
      role: 'client',
      registrationId: await nextRegistrationId('client'),
      email: `client${++serial}.${Date.now()}@fixture.test`,
      passwordHash: 'not-a-hash',
      displayName: 'Fixture Client',
    }),
  );
  return { userId: user.id, role: 'client', websiteId };
}

/** A code on the admin's website with these terms (20 % by default: it beats the 15 % first-order discount). */
export async function newCode(admin: Actor, terms: Record<string, unknown> = {}): Promise<DiscountCode> {
  return createDiscountCode(admin, admin.websiteId!, { code: `T${++serial}${Date.now().toString(36)}`.toUpperCase(), kind: 'percentage', percentBp: 2_000, ...terms });
}

export const codeRow = async (id: number) => (await DiscountCode.findByPk(id))!;
export const usagesOf = (codeId: number) => DiscountUsage.findAll({ where: { codeId }, order: [['id', 'ASC']] });
