import { recordEvent } from '../../../platform/outbox.js';
import type { OrderMessage } from '../models.js';
import type { ThreadKind } from '../rules.js';

/** The outbox event of a message its thread's other party may now read (posted visible, or released by staff). */
export const MESSAGE_POSTED_EVENT = 'message.posted';

/** What a `message.posted` carries: ids and the thread, never the words (consumers read what the recipient may see). */
export interface MessagePostedPayload {
  messageId: number;
  orderId: number;
  threadKind: ThreadKind;
  authorId: number | null;
  authorRole: string;
}

export const recordMessagePosted = (message: OrderMessage, threadKind: ThreadKind): Promise<void> =>
  recordEvent({
    type: MESSAGE_POSTED_EVENT,
    websiteId: message.websiteId,
    payload: {
      messageId: message.id,
      orderId: message.orderId,
      threadKind,
      authorId: message.authorId,
      authorRole: message.authorRole,
    } satisfies MessagePostedPayload,
  });
