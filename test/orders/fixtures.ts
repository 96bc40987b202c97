import type { Actor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { nextRegistrationId } from '../../src/identity/service/create-user.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import type { Order } from '../../src/orders/models.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { qualifyForAllSubjects } from '../../src/orders/qualifications/service.js';
import { createDraftOrder, submitOrder, type OrderDetailsInput } from '../../src/orders/service/wizard.js';
import { fundWallet } from '../support/ledger.js';

export async function actorFor(email: string): Promise<Actor> {
  const user = (await User.findOne({ where: { email } }))!;
  return { userId: user.id, role: user.role, websiteId: user.websiteId };
}

let serial = 0;
/** A fresh writer on the client's website (so capacity and blocks start clean), qualified for every subject. */
export async function newWriter(
  websiteId: number,
  patch: Partial<{ maxActiveOrders: number; status: User['status'] }> = {},
): Promise<Actor & { userId: number }> {
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

/** A fresh client (no orders yet, so a first order gets the first-order discount); no password: acts through the services only. */
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

export const completeDetails = (days = 10): OrderDetailsInput => ({
  topic: 'The causes of the First World War',
  instructions: 'Use at least five sources. Contact me at student@example.com',
  paperType: 'essay',
  academicLevel: 'undergraduate',
  subject: 'history',
  pages: 3,
  deadline: new Date(clock.now().getTime() + days * 86_400_000),
});

/**
 * A placed order paid in full from the client's wallet, published for staffing now. It pays the way
 * a client does (a top-up, then payOrderFromWallet: client_wallet -> order_escrow), so the escrow
 * holds the whole price and cancellations and refunds settle as RULES.md says; the wallet ends
 * where it started.
 */
export async function paidOrder(client: Actor, details: OrderDetailsInput = {}): Promise<Order> {
  const draft = await createDraftOrder(client, { ...completeDetails(), ...details });
  const placed = await submitOrder(client, draft.id);
  await fundWallet(placed.websiteId, placed.clientId!, placed.totalCents!, placed.currency);
  return (await payOrderFromWallet(client, placed.id)).order;
}

export const MINUTE = 60_000;
