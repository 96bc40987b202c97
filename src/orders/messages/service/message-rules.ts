import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { inTransaction } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { assertCanActAsOrderStaff } from '../../policy.js';
import { MessageRule } from '../models.js';
import { MESSAGE_RULE_ACTIONS, normalisePattern, type MessageRuleAction } from '../rules.js';

/**
 * Staff-managed rules for client<->writer messages on one website: a message containing the
 * pattern (plain text, case-insensitive) is held for review or refused. The AdminJS resource for
 * them calls these functions.
 */

export interface MessageRuleView {
  id: number;
  pattern: string;
  action: MessageRuleAction;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MessageRuleInput {
  pattern: string;
  action: MessageRuleAction;
  note?: string | null;
}

const view = (r: MessageRule): MessageRuleView => ({
  id: r.id,
  pattern: r.pattern,
  action: r.action,
  note: r.note,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** The website the rules are managed on: the actor's own (a superadmin must be acting on one). */
function websiteOf(actor: Actor): number {
  assertCanActAsOrderStaff(actor, 'Only staff manage message rules');
  if (actor.websiteId === null) throw Forbidden('Choose a website to manage its message rules');
  return actor.websiteId;
}

function checked(input: Partial<MessageRuleInput>): Partial<MessageRuleInput> {
  const fields: Record<string, string> = {};
  const out: Partial<MessageRuleInput> = {};
  if (input.pattern !== undefined) {
    out.pattern = normalisePattern(input.pattern);
    if (out.pattern.length < 2 || out.pattern.length > 200) fields.pattern = 'must be 2 to 200 characters';
  }
  if (input.action !== undefined) {
    if (!MESSAGE_RULE_ACTIONS.includes(input.action)) fields.action = `must be one of ${MESSAGE_RULE_ACTIONS.join(', ')}`;
    out.action = input.action;
  }
  if (input.note !== undefined) {
    out.note = input.note?.trim() || null;
    if (out.note && out.note.length > 500) fields.note = 'must be at most 500 characters';
  }
  if (Object.keys(fields).length) throw ValidationFailed(fields);
  return out;
}

export async function listMessageRules(actor: Actor): Promise<{ items: MessageRuleView[] }> {
  const websiteId = websiteOf(actor);
  const rules = await MessageRule.findAll({ where: { websiteId }, order: [['pattern', 'ASC']] });
  return { items: rules.map(view) };
}

export async function createMessageRule(actor: Actor, input: Partial<MessageRuleInput>): Promise<MessageRuleView> {
  const websiteId = websiteOf(actor);
  const missing: Record<string, string> = {};
  if (input.pattern === undefined) missing.pattern = 'is required';
  if (input.action === undefined) missing.action = 'is required';
  if (Object.keys(missing).length) throw ValidationFailed(missing);
  const values = checked(input) as MessageRuleInput;
  return inTransaction(async () => {
    const rule = await MessageRule.create({
      websiteId,
      pattern: values.pattern,
      action: values.action,
      note: values.note ?? null,
      createdBy: actor.userId,
    });
    await recordAudit(actor, {
      action: 'message_rule.create',
      targetType: 'message_rule',
      targetId: rule.id,
      websiteId,
      after: { pattern: rule.pattern, action: rule.action },
    });
    return view(rule);
  });
}

export async function updateMessageRule(actor: Actor, ruleId: number, patch: Partial<MessageRuleInput>): Promise<MessageRuleView> {
  const websiteId = websiteOf(actor);
  const values = checked(patch);
  return inTransaction(async (transaction) => {
    const rule = await MessageRule.findOne({ where: { id: ruleId, websiteId }, lock: transaction.LOCK.UPDATE });
    if (!rule) throw NotFound('Message rule');
    const before = { pattern: rule.pattern, action: rule.action, note: rule.note };
    await rule.update(values);
    await recordAudit(actor, {
      action: 'message_rule.update',
      targetType: 'message_rule',
      targetId: rule.id,
      websiteId,
      before,
      after: { pattern: rule.pattern, action: rule.action, note: rule.note },
    });
    return view(rule);
  });
}

export async function deleteMessageRule(actor: Actor, ruleId: number): Promise<void> {
  const websiteId = websiteOf(actor);
  await inTransaction(async (transaction) => {
    const rule = await MessageRule.findOne({ where: { id: ruleId, websiteId }, lock: transaction.LOCK.UPDATE });
    if (!rule) throw NotFound('Message rule');
    await rule.destroy();
    await recordAudit(actor, {
      action: 'message_rule.delete',
      targetType: 'message_rule',
      targetId: ruleId,
      websiteId,
      before: { pattern: rule.pattern, action: rule.action },
    });
  });
}
