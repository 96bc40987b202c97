/**
 * Pure rules of order messages: who may use which thread, and the screening of client<->writer
 * messages (contact details masked for the other party, links held for review, staff rules that
 * hold or block). No I/O: the service feeds them the order, the actor's party and the rules.
 * The screening patterns themselves live in screening.ts.
 */

import { screenBody, type ScreeningFlag } from '../screening.js';

export { MASK, screenBody, type ScreeningFlag } from '../screening.js';

export const THREAD_KINDS = ['client_support', 'writer_support', 'client_writer', 'internal'] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const MESSAGE_STATUSES = ['visible', 'held', 'rejected'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_RULE_ACTIONS = ['hold', 'block'] as const;
export type MessageRuleAction = (typeof MESSAGE_RULE_ACTIONS)[number];

export const MAX_BODY_LENGTH = 5000;

/** How the actor stands to an order for its messages. */
export type MessageParty = 'client' | 'writer' | 'staff';

const THREADS_OF: Record<MessageParty, readonly ThreadKind[]> = {
  client: ['client_support', 'client_writer'],
  writer: ['writer_support', 'client_writer'],
  staff: THREAD_KINDS,
};

/** Whether the party takes part in a thread kind at all (else the thread is "not found" to them). */
export function partyUsesThread(party: MessageParty, kind: ThreadKind): boolean {
  return THREADS_OF[party].includes(kind);
}

export type ThreadAccess =
  { ok: true; canWrite: boolean; whyNot?: string } | { ok: false; reason: 'not_found' | 'disabled'; message: string };

export interface ThreadContext {
  party: MessageParty;
  kind: ThreadKind;
  orderStatus: string;
  hasClient: boolean;
  hasWriter: boolean;
  clientWriterEnabled: boolean;
  /** Whether a thread of this kind already holds messages (staff may still read a disabled one). */
  threadExists: boolean;
}

export const CLIENT_WRITER_DISABLED =
  'Direct messages between clients and writers are turned off on this website; write to support instead';

/** What the party may do with one thread of one order. */
export function threadAccess(c: ThreadContext): ThreadAccess {
  if (!partyUsesThread(c.party, c.kind)) return { ok: false, reason: 'not_found', message: 'Thread not found' };
  if (c.kind === 'client_writer') {
    if (!c.clientWriterEnabled) {
      if (c.party !== 'staff') return { ok: false, reason: 'disabled', message: CLIENT_WRITER_DISABLED };
      return { ok: true, canWrite: false, whyNot: CLIENT_WRITER_DISABLED };
    }
    if (!c.hasClient || !c.hasWriter) {
      if (c.party !== 'staff' && !c.threadExists) return { ok: false, reason: 'not_found', message: 'Thread not found' };
      return { ok: true, canWrite: false, whyNot: 'The order needs both a client and a writer for this thread' };
    }
  }
  if (c.orderStatus === 'archived') return { ok: true, canWrite: false, whyNot: 'The order is archived; no new messages' };
  return { ok: true, canWrite: true };
}

export interface MessageRuleRef {
  id: number;
  pattern: string;
  action: MessageRuleAction;
}

/** Plain text patterns are matched case-insensitively with runs of whitespace made one space. */
export const normalisePattern = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** The staff rule that applies, a block winning over a hold. */
export function matchRules(body: string, rules: readonly MessageRuleRef[]): MessageRuleRef | null {
  const text = normalisePattern(body);
  const hits = rules.filter((r) => r.pattern && text.includes(normalisePattern(r.pattern)));
  return hits.find((r) => r.action === 'block') ?? hits[0] ?? null;
}

export type MessageDecision =
  | { outcome: 'block'; rule: MessageRuleRef }
  | { outcome: 'deliver' | 'hold'; maskedBody: string | null; flags: ScreeningFlag[]; holdReasons: string[] };

/**
 * What happens to a new message. Only client<->writer messages from the client or writer are
 * screened; support threads, internal notes and staff authors pass as written. Files cannot be
 * screened, so a client<->writer message with attachments waits for review like one with a link.
 */
export function decideMessage(input: {
  kind: ThreadKind;
  party: MessageParty;
  body: string;
  rules: readonly MessageRuleRef[];
  attachments?: number;
}): MessageDecision {
  if (input.kind !== 'client_writer' || input.party === 'staff')
    return { outcome: 'deliver', maskedBody: null, flags: [], holdReasons: [] };
  const rule = matchRules(input.body, input.rules);
  if (rule?.action === 'block') return { outcome: 'block', rule };
  const { maskedBody, flags } = screenBody(input.body);
  const holdReasons = [
    ...(flags.includes('link') ? ['link'] : []),
    ...(input.attachments ? ['attachment'] : []),
    ...(rule ? [`rule:${rule.id}`] : []),
  ];
  return { outcome: holdReasons.length ? 'hold' : 'deliver', maskedBody, flags, holdReasons };
}
