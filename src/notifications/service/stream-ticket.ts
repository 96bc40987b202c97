import { createHash, randomBytes } from 'node:crypto';
import { Op } from 'sequelize';
import type { Actor, Role } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden, Unauthorized } from '../../platform/errors.js';
import { StreamTicket } from '../models.js';
import { canReadNotifications } from '../policy.js';

/**
 * Tickets for GET /api/v1/notifications/stream?ticket=… (a browser's EventSource sends no
 * Authorization header). A ticket is issued to a signed-in user (requireAuth checked their session
 * and status), lives STREAM_TICKET_TTL_SECONDS, opens one stream on the website it was issued on,
 * once: the single UPDATE that redeems it is the only way to use it, so two racing uses get one
 * stream. Only its hash is stored. Not audited: it changes nothing anyone else sees.
 */
export const STREAM_TICKET_TTL_SECONDS = 30;

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

export interface IssuedTicket {
  ticket: string;
  expiresAt: string;
}

export async function issueStreamTicket(actor: Actor, sessionId: number | null): Promise<IssuedTicket> {
  if (!canReadNotifications(actor)) throw Forbidden('Sign in to follow your notifications');
  if (actor.websiteId === null) throw Forbidden('A stream follows one website: call it on that website’s host');
  const now = clock.now();
  const ticket = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + STREAM_TICKET_TTL_SECONDS * 1000);
  await inTransaction(async () => {
    // The user's spent and expired tickets go as a new one comes: the table holds only live ones.
    await StreamTicket.destroy({
      where: { userId: actor.userId, [Op.or]: [{ usedAt: { [Op.ne]: null } }, { expiresAt: { [Op.lte]: now } }] },
    });
    await StreamTicket.create({
      websiteId: actor.websiteId!,
      userId: actor.userId,
      sessionId,
      role: actor.role,
      tokenHash: hashOf(ticket),
      expiresAt,
    });
  });
  return { ticket, expiresAt: expiresAt.toISOString() };
}

/** The actor a ticket was issued to, spending the ticket; 401 when it is unknown, spent, expired or of another website. */
export async function redeemStreamTicket(
  ticket: string,
  websiteId: number,
  meta: { ip: string | null; requestId: string },
): Promise<Actor> {
  const now = clock.now();
  const [count, rows] = await StreamTicket.update(
    { usedAt: now },
    {
      where: { tokenHash: hashOf(ticket), websiteId, usedAt: null, expiresAt: { [Op.gt]: now } },
      returning: true,
    },
  );
  const row = count === 1 ? rows[0] : undefined;
  if (!row) throw Unauthorized('The stream ticket is unknown, spent or expired: ask for a new one');
  return { userId: row.userId, role: row.role as Role, websiteId: row.websiteId, ip: meta.ip, requestId: meta.requestId };
}
