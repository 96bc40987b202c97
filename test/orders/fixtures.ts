import type { Actor } from '../../src/identity/actor.js';
import { User } from '../../src/identity/models.js';
import { nextRegistrationId } from '../../src/identity/service/create-user.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import type { Order } from '../../src/orders/models.js';
import { recordOrderPayment } from '../../src/orders/service/payment-hook.js';
import { qualifyForAllSubjects } from '../../src/orders/qualifications/service.js';
import { createDraftOrder, submitOrder, type OrderDetailsInput } from '../../src/orders/service/wizard.js';

export async function actorFor(email: string): Promise<Actor> {
  const user = (await User.findOne({ where: { email } }))!;
  return { userId: user.id, role: user.role, websiteId: user.websiteId };
}

let serial = 0;
/** A fresh writer on the client's website (so capacity and blocks start clean), qualified for every subject. */
export async function newWriter(websiteId: number, patch: Partial<{ maxActiveOrders: number; status: User['status'] }> = {}): Promise<Actor & { userId: number }> {
  // No password hashing here: argon2 is deliberately slow, and these writers never sign in.
  const user = await inTransaction(async () =>
    User.create({
      websiteId,
      role: 'writer',
      registrationId: await nextRegistrationId('writer'),
      email: `writer${++serial}.${Date.now()}@fixture.test`,
      passwordHash: 'not-a-hash',
      displayName: 'Fixture Writer',
      penName: `Pen ${serial}`,
      ...patch,
    }),
  );
  await qualifyForAllSubjects(user.id, websiteId);
  return { userId: user.id, role: 'writer', websiteId };
}

export const completeDetails = (days = 10): OrderDetailsInput => ({
  topic: 'The causes of the First World War',
  instructions: 'Use at least five sources. Contact me at student@example.com',
  paperType: 'essay',
  academicLevel: 'undergraduate',
  subject: 'history',
  pages: 3,
  deadline: new Date(clock.now().getTime() + days * 86_400_000),
});

/** A placed and fully paid order, published for staffing now. */
export async function paidOrder(client: Actor, admin: Actor, details: OrderDetailsInput = {}): Promise<Order> {
  const draft = await createDraftOrder(client, { ...completeDetails(), ...details });
  const placed = await submitOrder(client, draft.id);
  return recordOrderPayment(admin, placed.id, { amountCents: placed.totalCents!, method: 'manual', reference: 'fixture' });
}

export const MINUTE = 60_000;
