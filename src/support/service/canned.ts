import { recordAudit } from '../../audit/index.js';
import type { Actor } from '../../platform/actor.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed, type FieldErrors } from '../../platform/errors.js';
import { SupportCannedReply } from '../models.js';
import { canEditCannedReplies, canWorkTickets } from '../policy.js';
import { MAX_BODY_LENGTH, TICKET_CATEGORIES, type TicketCategory } from '../rules.js';
import { requiredText } from './common.js';

/** Canned replies per website: admins write them (audited); agents pick one when they reply. */
export interface CannedReplyInput {
  title?: unknown;
  body?: unknown;
  category?: unknown;
  active?: unknown;
}

function parse(input: CannedReplyInput, current?: SupportCannedReply) {
  const fields: FieldErrors = {};
  const title = requiredText(input.title ?? current?.title, 120);
  if (typeof title !== 'string') fields.title = title.error;
  const body = requiredText(input.body ?? current?.body, MAX_BODY_LENGTH);
  if (typeof body !== 'string') fields.body = body.error;
  const rawCategory = input.category === undefined ? (current?.category ?? null) : input.category === '' ? null : input.category;
  if (rawCategory !== null && !(TICKET_CATEGORIES as readonly unknown[]).includes(rawCategory))
    fields.category = `must be one of ${TICKET_CATEGORIES.join(', ')}`;
  if (Object.keys(fields).length) throw ValidationFailed(fields, 'Invalid canned reply');
  const active = input.active === undefined ? (current?.active ?? true) : input.active === true || input.active === 'true';
  return { title: title as string, body: body as string, category: rawCategory as TicketCategory | null, active };
}

export async function createCannedReply(actor: Actor, websiteId: number, input: CannedReplyInput): Promise<SupportCannedReply> {
  if (!canEditCannedReplies(actor, websiteId)) throw Forbidden('Only admins of the website write canned replies');
  return inTransaction(async () => {
    const reply = await SupportCannedReply.create({ websiteId, createdBy: actor.userId, ...parse(input) });
    await recordAudit(actor, {
      action: 'support_canned_reply.create',
      targetType: 'support_canned_reply',
      targetId: reply.id,
      websiteId,
      after: { title: reply.title, category: reply.category, active: reply.active },
    });
    return reply;
  });
}

export async function updateCannedReply(actor: Actor, replyId: number, input: CannedReplyInput): Promise<SupportCannedReply> {
  return inTransaction(async () => {
    const reply = Number.isSafeInteger(replyId)
      ? await SupportCannedReply.findByPk(replyId, { lock: currentTransaction()!.LOCK.UPDATE })
      : null;
    if (!reply || !canWorkTickets(actor, reply.websiteId)) throw NotFound('Canned reply');
    if (!canEditCannedReplies(actor, reply.websiteId)) throw Forbidden('Only admins of the website change canned replies');
    const before = { title: reply.title, body: reply.body, category: reply.category, active: reply.active };
    await reply.update(parse(input, reply));
    await recordAudit(actor, {
      action: 'support_canned_reply.update',
      targetType: 'support_canned_reply',
      targetId: reply.id,
      websiteId: reply.websiteId,
      before,
      after: { title: reply.title, body: reply.body, category: reply.category, active: reply.active },
    });
    return reply;
  });
}
