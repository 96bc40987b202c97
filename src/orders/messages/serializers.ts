import type { Order } from '../models.js';
import type { OrderMessage } from './models.js';
import type { MessageParty, MessageStatus, ScreeningFlag, ThreadKind } from './rules.js';
import { screenBody, screenFileNameForCounterparty, screenForCounterparty } from '../screening.js';

/** A file sent with a message (no storage key). */
export interface AttachmentView {
  id: number;
  name: string;
  type: string;
  contentType: string;
  sizeBytes: number;
}

/** Who a user is in an order's conversation: the client, the writer, or "Support" for any staff member. */
export type SpeakerParty = 'client' | 'writer' | 'support';

/** The facts about people a serializer may use; which of them it shows depends on the audience. */
export interface PersonFacts {
  id: number;
  role: string;
  registrationId: string;
  displayName: string;
  penName: string | null;
}

/** An author as clients and writers see them: pen name and registration ID, never names or emails. */
export type PublicAuthor =
  | { party: 'client'; registrationId: string }
  | { party: 'writer'; registrationId: string; penName: string | null }
  | { party: 'support'; name: 'Support' };

export interface StaffAuthor {
  party: SpeakerParty;
  userId: number | null;
  role: string;
  registrationId: string | null;
  displayName: string | null;
  penName: string | null;
}

interface MessageViewBase {
  id: number;
  threadKind: ThreadKind;
  body: string;
  status: MessageStatus;
  mine: boolean;
  createdAt: string;
  /** Which other parties have read it (each once). */
  readBy: SpeakerParty[];
  /** Files sent with it; download each through its short-lived URL endpoint. */
  attachments: AttachmentView[];
}

/** What a client or writer receives: the masked body for the other party's words in client<->writer threads. */
export interface PartyMessageView extends MessageViewBase {
  author: PublicAuthor;
  /** Contact details were hidden from the other party (the author reads their own words as written). */
  screened: boolean;
}

/** What staff receive: the original, what the other party sees, and why it was held. */
export interface StaffMessageView extends MessageViewBase {
  author: StaffAuthor;
  maskedBody: string | null;
  flags: ScreeningFlag[];
  holdReasons: string[];
  reviewedAt: string | null;
}

export type MessageView = PartyMessageView | StaffMessageView;

type OrderRef = Pick<Order, 'clientId' | 'writerId'>;

const STAFF_ROLES = new Set(['support', 'admin', 'superadmin']);

export function speakerOf(order: OrderRef, person: { id: number; role: string } | undefined, fallbackRole: string): SpeakerParty {
  const role = person?.role ?? fallbackRole;
  if (STAFF_ROLES.has(role) || role === 'system') return 'support';
  if (person && person.id === order.clientId) return 'client';
  if (person && person.id === order.writerId) return 'writer';
  return role === 'writer' ? 'writer' : 'client';
}

function publicAuthor(speaker: SpeakerParty, person: PersonFacts | undefined): PublicAuthor {
  if (speaker === 'support' || !person) return { party: 'support', name: 'Support' };
  // A pen name is the writer's own words: screened like anything else they write.
  if (speaker === 'writer')
    return { party: 'writer', registrationId: person.registrationId, penName: screenForCounterparty(person.penName) };
  return { party: 'client', registrationId: person.registrationId };
}

export interface SerializeContext {
  audience: MessageParty;
  viewerId: number | null;
  order: OrderRef;
  kind: ThreadKind;
  people: Map<number, PersonFacts>;
  /** Reader user ids per message id. */
  readers: Map<number, number[]>;
  attachments: Map<number, AttachmentView[]>;
}

/**
 * One message for its audience. In client<->writer threads the client's and writer's words are
 * screened here, when read, with the screening of today: the other party receives the masked text
 * (and screened attachment names), the author their words as written, staff the original beside
 * the masked text. Nothing stored decides what the other party reads, so a message held and then
 * released, or one posted before the screening learned a trick, is masked like any other.
 */
export function serializeMessage(message: OrderMessage, c: SerializeContext): MessageView {
  const person = message.authorId !== null ? c.people.get(message.authorId) : undefined;
  const speaker = speakerOf(c.order, person, message.authorRole);
  const mine = message.authorId !== null && message.authorId === c.viewerId;
  const readBy = [
    ...new Set(
      (c.readers.get(message.id) ?? []).filter((id) => id !== message.authorId).map((id) => speakerOf(c.order, c.people.get(id), 'client')),
    ),
  ];
  const screenedWords = c.kind === 'client_writer' && speaker !== 'support';
  const maskedBody = screenedWords ? screenBody(message.body).maskedBody : null;
  const attachments = c.attachments.get(message.id) ?? [];
  const base = {
    id: message.id,
    threadKind: c.kind,
    status: message.status,
    mine,
    createdAt: message.createdAt.toISOString(),
    readBy,
  };
  if (c.audience === 'staff') {
    return {
      ...base,
      body: message.body,
      attachments,
      author: {
        party: speaker,
        userId: message.authorId,
        role: message.authorRole,
        registrationId: person?.registrationId ?? null,
        displayName: person?.displayName ?? null,
        penName: person?.penName ?? null,
      },
      maskedBody,
      flags: message.flags,
      holdReasons: message.holdReasons,
      reviewedAt: message.reviewedAt ? message.reviewedAt.toISOString() : null,
    };
  }
  const forOtherParty = screenedWords && !mine;
  return {
    ...base,
    body: forOtherParty ? (maskedBody ?? message.body) : message.body,
    attachments: forOtherParty ? attachments.map((a) => ({ ...a, name: screenFileNameForCounterparty(a.name) })) : attachments,
    author: publicAuthor(speaker, person),
    screened: maskedBody !== null,
  };
}

export interface ThreadSummaryView {
  kind: ThreadKind;
  canWrite: boolean;
  /** Why not, when canWrite is false. */
  reason: string | null;
  unread: number;
  lastMessageAt: string | null;
}
