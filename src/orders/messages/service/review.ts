import { Op } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { currentTransaction, inTransaction } from '../../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../../platform/errors.js';
import { decodeCursor, toPage, type Page } from '../../../platform/http/pagination.js';
import { assertCanActAsOrderStaff } from '../../policy.js';
import { recordOrderEvent } from '../../service/lifecycle.js';
import { MessageThread, OrderMessage } from '../models.js';
import { screenBody, type ThreadKind } from '../rules.js';
import type { MessageView } from '../serializers.js';
import { orderForMessages, threadForActor } from './access.js';
import { recordMessagePosted } from './events.js';
import { serializePage } from './people.js';

export type ReviewDecision = 'release' | 'reject';

/**
 * Staff decide on a held message: released, the other party sees it masked as any other (the
 * serializer screens every client<->writer message for the other party when it is read; the
 * masked copy stored with the message is brought up to today's screening for the record);
 * rejected, it stays visible only to its author and staff. 409 when it is not held.
 */
export async function reviewHeldMessage(
  actor: Actor,
  orderId: number,
  kind: ThreadKind,
  messageId: number,
  decision: ReviewDecision,
): Promise<MessageView> {
  return inTransaction(async () => {
    const target = await threadForActor(actor, orderId, kind, true);
    if (target.party !== 'staff') throw Forbidden('Only staff review held messages');
    const transaction = currentTransaction()!;
    const message = target.thread
      ? await OrderMessage.findOne({ where: { id: messageId, threadId: target.thread.id }, lock: transaction.LOCK.UPDATE })
      : null;
    if (!message) throw NotFound('Message');
    if (message.status !== 'held') throw Conflict(`The message is ${message.status}, not held`, { currentStatus: message.status });
    const status = decision === 'release' ? 'visible' : 'rejected';
    // Only a client's or writer's words in a client<->writer thread are ever held.
    const { maskedBody } = screenBody(message.body);
    await message.update({ status, maskedBody, reviewedBy: actor.userId, reviewedAt: clock.now() });
    await recordAudit(actor, {
      action: `order_message.${decision}`,
      targetType: 'order_message',
      targetId: message.id,
      websiteId: target.order.websiteId,
      before: { status: 'held' },
      after: { status },
    });
    await recordOrderEvent(actor, target.order, decision === 'release' ? 'message_released' : 'message_rejected', {
      messageId: message.id,
      threadKind: kind,
    });
    if (status === 'visible') await recordMessagePosted(message, kind);
    return (await serializePage(actor, target, [message]))[0]!;
  });
}

export interface HeldMessageView {
  orderId: number;
  message: MessageView;
}

/** The review queue of the actor's website: held messages, oldest first (the ones waiting longest). */
export async function listHeldMessages(actor: Actor, query: { limit: number; cursor?: string }): Promise<Page<HeldMessageView>> {
  assertCanActAsOrderStaff(actor, 'Only staff review held messages');
  const after = decodeCursor(query.cursor);
  const rows = await OrderMessage.findAll({
    where: {
      status: 'held',
      ...(actor.websiteId !== null ? { websiteId: actor.websiteId } : {}),
      ...(after ? { id: { [Op.gt]: after.id } } : {}),
    },
    include: [{ model: MessageThread, as: 'thread', attributes: ['kind'] }],
    order: [['id', 'ASC']],
    limit: query.limit + 1,
  });
  const views = new Map<number, HeldMessageView>();
  for (const row of rows.slice(0, query.limit)) {
    const kind = (row as OrderMessage & { thread: MessageThread }).thread.kind;
    const { order, party } = await orderForMessages(actor, row.orderId);
    views.set(row.id, { orderId: order.id, message: (await serializePage(actor, { order, party, kind }, [row]))[0]! });
  }
  return toPage(
    rows,
    query.limit,
    (m) => ({ value: null, id: m.id }),
    (m) => views.get(m.id)!,
  );
}

/** The same review, addressed by the message alone (the back office's queue knows no thread). */
export async function reviewHeldMessageById(actor: Actor, messageId: number, decision: ReviewDecision): Promise<MessageView> {
  const message = await OrderMessage.findByPk(messageId, { include: [{ model: MessageThread, as: 'thread', attributes: ['kind'] }] });
  if (!message) throw NotFound('Message');
  const kind = (message as OrderMessage & { thread: MessageThread }).thread.kind;
  return reviewHeldMessage(actor, message.orderId, kind, messageId, decision);
}
