import { Op } from 'sequelize';
import { recordAudits } from '../../audit/index.js';
import { brandOf, portalBaseUrl, sendSafely, User } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { currentTransaction } from '../../platform/database.js';
import type { OutgoingEmail } from '../../platform/mailer.js';
import { Website } from '../../tenancy/index.js';
import type { Order, WriterRequestStatus } from '../models.js';
import { WriterRequest } from '../models.js';

/** How a writer's request ended without them getting the order. */
export type RequestRefusal = { outcome: 'went_elsewhere' } | { outcome: 'declined'; reason: string };

/**
 * Closes open requests and writes one audit row each, in the caller's transaction; the writers
 * are emailed once it has committed (nothing is sent for a change rolled back).
 */
export async function closeRequests(actor: Actor, order: Order, requests: WriterRequest[], refusal: RequestRefusal): Promise<void> {
  if (!requests.length) return;
  const now = clock.now();
  const reason = refusal.outcome === 'declined' ? refusal.reason : null;
  const status: WriterRequestStatus = refusal.outcome;
  await WriterRequest.update(
    { status, decidedBy: actor.userId, decidedAt: now, decisionReason: reason },
    { where: { id: requests.map((r) => r.id) } },
  );
  await recordAudits(
    requests.map((request) => ({
      actor,
      entry: {
        action: `order_request.${refusal.outcome}`,
        targetType: 'order_request',
        targetId: request.id,
        websiteId: order.websiteId,
        before: { status: 'open' },
        after: { status, orderId: order.id, writerId: request.writerId },
        reason: reason ?? undefined,
      },
    })),
  );
  // Read now, on the transaction; after commit only the mail goes out (no query on a finished transaction).
  const emails = await emailsFor(
    order,
    requests.map((r) => r.writerId),
    refusal,
  );
  currentTransaction()!.afterCommit(async () => {
    for (const email of emails) await sendSafely(email);
  });
}

/**
 * When an order goes to a writer (a staff assignment, an approved request, a take), that writer's
 * open request is fulfilled and every other writer's open request of the order went elsewhere.
 */
export async function settleRequestsOnAssignment(actor: Actor, order: Order, writerId: number): Promise<void> {
  const now = clock.now();
  await WriterRequest.update(
    { status: 'accepted', decidedBy: actor.userId, decidedAt: now },
    { where: { orderId: order.id, writerId, kind: 'request', status: 'open' } },
  );
  const others = await WriterRequest.findAll({
    where: { orderId: order.id, kind: 'request', status: 'open', writerId: { [Op.ne]: writerId } },
    order: [['id', 'ASC']],
    lock: currentTransaction()!.LOCK.UPDATE,
  });
  await closeRequests(actor, order, others, { outcome: 'went_elsewhere' });
}

/** The writers hear it by email (the notifications area will add its other channels); a mail that fails is logged and the decision stands. */
async function emailsFor(order: Order, writerIds: number[], refusal: RequestRefusal): Promise<OutgoingEmail[]> {
  const website = (await Website.findByPk(order.websiteId))!;
  const writers = await User.findAll({ where: { id: writerIds }, attributes: ['id', 'email', 'displayName'], order: [['id', 'ASC']] });
  return writers.map((writer) => ({
    to: writer.email,
    template: 'writer-request-closed' as const,
    websiteId: website.id,
    brand: brandOf(website),
    data: {
      displayName: writer.displayName,
      orderNumber: order.number,
      declined: refusal.outcome === 'declined',
      reason: refusal.outcome === 'declined' ? refusal.reason : '',
      poolUrl: `${portalBaseUrl(website)}/writer/orders`,
    },
  }));
}
