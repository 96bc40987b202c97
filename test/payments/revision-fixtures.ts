import type { Actor } from '../../src/platform/actor.js';
import type { Order } from '../../src/orders/models.js';
import { requestRevision } from '../../src/orders/revisions/service.js';
import type { OrderRevision } from '../../src/orders/revisions/models.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { payOrderFromWallet } from '../../src/payments/index.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { fundWallet } from '../support/ledger.js';
import { newWriter } from '../orders/fixtures.js';
import { unpaidOrder, type ClientActor } from './fixtures.js';

/** Fixtures of the revision tests (test/orders/revisions*.test.ts, test/payments/revision-*.test.ts). */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * An order paid from the client's wallet (so its escrow holds the money), worked by a fresh writer
 * and delivered `daysAgo` days ago. Delivery itself needs final files (files area): the status is
 * set directly, as the orders tests do.
 */
export async function deliveredOrder(
  client: ClientActor,
  admin: Actor,
  daysAgo: number,
): Promise<{ order: Order; writer: Actor & { userId: number } }> {
  const placed = await unpaidOrder(client);
  await fundWallet(client.websiteId, client.userId, placed.totalCents!);
  await payOrderFromWallet(client, placed.id);
  const writer = await newWriter(client.websiteId);
  const order = await assignWriter(admin, placed.id, { writerId: writer.userId, autoAccept: true });
  await inTransaction(() => order.update({ status: 'submitted', deliveredAt: new Date(clock.now().getTime() - daysAgo * DAY) }));
  return { order, writer };
}

/** A late revision (outside the 14 free days): paid, waiting for its charge. */
export async function waitingRevision(
  client: ClientActor,
  admin: Actor,
  instructions = 'Please rework the conclusion.',
): Promise<{ order: Order; revision: OrderRevision; writer: Actor & { userId: number } }> {
  const { order, writer } = await deliveredOrder(client, admin, 15);
  const { revision } = await requestRevision(client, order.id, {
    instructions,
    deadline: new Date(clock.now().getTime() + 3 * DAY),
    instructionsChanged: false,
  });
  return { order, revision, writer };
}
