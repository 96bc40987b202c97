import type { Actor } from '../../../platform/actor.js';
import { User } from '../../../identity/index.js';
import type { Order } from '../../models.js';
import { MessageRead, type OrderMessage } from '../models.js';
import type { MessageParty, ThreadKind } from '../rules.js';
import { attachmentsOf } from './attachments.js';
import { serializeMessage, type MessageView, type PersonFacts } from '../serializers.js';

/** Serializes messages of one thread for the actor: loads their authors and readers in two queries. */
export async function serializePage(
  actor: Actor,
  target: { order: Pick<Order, 'clientId' | 'writerId'>; party: MessageParty; kind: ThreadKind },
  messages: OrderMessage[],
): Promise<MessageView[]> {
  if (!messages.length) return [];
  const reads = await MessageRead.findAll({ where: { messageId: messages.map((m) => m.id) }, attributes: ['messageId', 'userId'] });
  const readers = new Map<number, number[]>();
  for (const read of reads) readers.set(read.messageId, [...(readers.get(read.messageId) ?? []), read.userId]);
  const ids = new Set<number>(reads.map((r) => r.userId));
  for (const m of messages) if (m.authorId !== null) ids.add(m.authorId);
  const users = await User.findAll({ where: { id: [...ids] }, attributes: ['id', 'role', 'registrationId', 'displayName', 'penName'] });
  const people = new Map<number, PersonFacts>(
    users.map((u) => [
      u.id,
      { id: u.id, role: u.role, registrationId: u.registrationId, displayName: u.displayName, penName: u.penName ?? null },
    ]),
  );
  const attachments = await attachmentsOf(messages.map((m) => m.id));
  return messages.map((m) =>
    serializeMessage(m, {
      audience: target.party,
      viewerId: actor.userId,
      order: target.order,
      kind: target.kind,
      people,
      readers,
      attachments,
    }),
  );
}
