import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { ValidationFailed } from '../../../platform/errors.js';
import { recordOrderEvent } from '../../service/lifecycle.js';
import { MessageRule, MessageThread, OrderMessage } from '../models.js';
import { decideMessage, MAX_BODY_LENGTH, type MessageRuleRef, type ThreadKind } from '../rules.js';
import type { MessageView } from '../serializers.js';
import { assertCanWrite, threadForActor, type ThreadForActor } from './access.js';
import { discardAttachments, saveAttachments, storeAttachments, type AttachmentUpload, type StoredAttachment } from './attachments.js';
import { serializePage } from './people.js';
import { recordMessagePosted } from './events.js';

const BLOCKED_MESSAGE = 'This message cannot be sent: it contains something this website does not allow between clients and writers';

export async function rulesOfWebsite(websiteId: number): Promise<MessageRuleRef[]> {
  const rules = await MessageRule.findAll({ where: { websiteId }, attributes: ['id', 'pattern', 'action'] });
  return rules.map((r) => ({ id: r.id, pattern: r.pattern, action: r.action }));
}

/** The thread of (order, kind), created with its first message; the order's row lock makes this race-free. */
async function threadOf(target: ThreadForActor): Promise<MessageThread> {
  if (target.thread) return target.thread;
  return MessageThread.create({ websiteId: target.order.websiteId, orderId: target.order.id, kind: target.kind });
}

/**
 * A blocked message leaves no message behind, but staff learn that one was tried: the timeline
 * event and audit row are written in a transaction of their own before the 400 is thrown.
 */
async function recordBlocked(actor: Actor, orderId: number, kind: ThreadKind, ruleId: number): Promise<void> {
  await inTransaction(async () => {
    const target = await threadForActor(actor, orderId, kind, true);
    await recordOrderEvent(actor, target.order, 'message_blocked', { threadKind: kind, ruleId });
    await recordAudit(actor, {
      action: 'order_message.block',
      targetType: 'order',
      targetId: orderId,
      websiteId: target.order.websiteId,
      after: { threadKind: kind, ruleId },
    });
  });
}

/**
 * Posts a message. In client<->writer threads the client's and writer's words are screened:
 * contact details are masked for the other party, links and "hold" rules send the message to the
 * staff review queue, a "block" rule refuses it (400 naming body). One transaction: the thread
 * (on first use), the message, the audit row and, when held, the timeline event.
 */
export async function postMessage(
  actor: Actor,
  orderId: number,
  kind: ThreadKind,
  body: string,
  uploads: readonly AttachmentUpload[] = [],
): Promise<MessageView> {
  const text = body.trim();
  if (!text || text.length > MAX_BODY_LENGTH) throw ValidationFailed({ body: `must be 1 to ${MAX_BODY_LENGTH} characters` });
  // Files are checked and stored before the transaction (as order files are), and removed if it fails.
  const stored = uploads.length ? await storeAttachments((await threadForActor(actor, orderId, kind)).order, uploads) : [];
  let outcome: { view: MessageView } | { blockedBy: number };
  try {
    outcome = await insertMessage(actor, orderId, kind, text, stored);
  } catch (err) {
    await discardAttachments(stored);
    throw err;
  }
  if ('blockedBy' in outcome) {
    await discardAttachments(stored);
    await recordBlocked(actor, orderId, kind, outcome.blockedBy);
    throw ValidationFailed({ body: 'contains blocked content' }, BLOCKED_MESSAGE);
  }
  return outcome.view;
}

async function insertMessage(
  actor: Actor,
  orderId: number,
  kind: ThreadKind,
  text: string,
  stored: StoredAttachment[],
): Promise<{ view: MessageView } | { blockedBy: number }> {
  return inTransaction(async () => {
    const target = await threadForActor(actor, orderId, kind, true);
    assertCanWrite(target);
    const decision = decideMessage({
      kind,
      party: target.party,
      body: text,
      rules: await rulesOfWebsite(target.order.websiteId),
      attachments: stored.length,
    });
    if (decision.outcome === 'block') return { blockedBy: decision.rule.id };
    const thread = await threadOf(target);
    const now = clock.now();
    const message = await OrderMessage.create({
      websiteId: target.order.websiteId,
      orderId: target.order.id,
      threadId: thread.id,
      authorId: actor.userId,
      authorRole: actor.role,
      body: text,
      maskedBody: decision.maskedBody,
      flags: decision.flags,
      status: decision.outcome === 'hold' ? 'held' : 'visible',
      holdReasons: decision.holdReasons,
      createdAt: now,
    });
    await saveAttachments(message, stored);
    await thread.update({ lastMessageAt: now });
    await target.order.update({ lastActivityAt: now });
    const facts = {
      threadKind: kind,
      status: message.status,
      flags: message.flags,
      holdReasons: message.holdReasons,
      length: text.length,
      attachments: stored.map((f) => f.sha256),
    };
    await recordAudit(actor, {
      action: 'order_message.post',
      targetType: 'order_message',
      targetId: message.id,
      websiteId: target.order.websiteId,
      after: facts,
    });
    // The other party learns of it after commit (notifications, live updates); a held message only once released.
    if (message.status === 'visible') await recordMessagePosted(message, kind);
    if (message.status === 'held') {
      await recordOrderEvent(actor, target.order, 'message_held', {
        messageId: message.id,
        threadKind: kind,
        reasons: message.holdReasons,
      });
    }
    return { view: (await serializePage(actor, target, [message]))[0]! };
  });
}
