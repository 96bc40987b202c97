import { Op } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { Order } from '../../orders/index.js';
import type { Actor } from '../../platform/actor.js';
import { inTransaction } from '../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { fieldErrorsOf } from '../../platform/http/validate.js';
import { writerStandingProvider } from '../../writers/index.js';
import { EditingRequirement } from '../models.js';
import { canEditRequirement, canManageTasks } from '../policy.js';
import { DEFAULT_CLAIM_HOURS, editingReasons, type EditingRule } from '../rules.js';
import { requirementChange, type RequirementChange } from '../schemas.js';

/**
 * Each website's editing requirement (one row per website; a website without one requires no
 * editing). Orders asks, through the editing provider, at each writer delivery whether the work
 * goes to an editor; the answer is kept on the order (requiresEditing), so changing the
 * requirement never strands an order already in editing.
 */

const NEVER: EditingRule & { claimHours: number } = {
  mode: 'never',
  paperTypes: [],
  academicLevels: [],
  writerLevels: [],
  newWriterOrders: 0,
  claimHours: DEFAULT_CLAIM_HOURS,
};

/** The website's requirement as a rule (never when it has none). */
export async function editingRuleOf(websiteId: number): Promise<EditingRule & { claimHours: number }> {
  const row = await EditingRequirement.findOne({ where: { websiteId } });
  return row
    ? {
        mode: row.mode,
        paperTypes: row.paperTypes,
        academicLevels: row.academicLevels,
        writerLevels: row.writerLevels,
        newWriterOrders: row.newWriterOrders,
        claimHours: row.claimHours,
      }
    : NEVER;
}

/** Orders the writer delivered on the website (or handed in to editing) before this one. */
async function deliveredBefore(writerId: number, order: Order): Promise<number> {
  return Order.count({
    where: {
      websiteId: order.websiteId,
      writerId,
      id: { [Op.ne]: order.id },
      [Op.or]: [{ deliveredAt: { [Op.ne]: null } }, { status: 'under_editing' }],
    },
  });
}

/** Why this hand-in goes to an editor under the website's requirement today (empty: it does not). */
export async function editingReasonsFor(order: Order): Promise<string[]> {
  const rule = await editingRuleOf(order.websiteId);
  if (rule.mode !== 'rules')
    return editingReasons(rule, { paperType: null, academicLevel: null, writerLevel: null, writerDeliveredOrders: 0 });
  const writerId = order.writerId;
  const writerLevel =
    rule.writerLevels.length && writerId !== null
      ? ((await writerStandingProvider.standingsOf([writerId], order.websiteId)).get(writerId)?.level ?? null)
      : null;
  const writerDeliveredOrders = rule.newWriterOrders > 0 && writerId !== null ? await deliveredBefore(writerId, order) : 0;
  return editingReasons(rule, { paperType: order.paperType, academicLevel: order.academicLevel, writerLevel, writerDeliveredOrders });
}

/**
 * Gives a website its requirement row when it has none (new websites: never). With a mode (the demo
 * seed), a row no staff member has changed yet takes that mode; one staff changed is left alone.
 */
export async function installEditingRequirement(websiteId: number, mode?: EditingRule['mode']): Promise<EditingRequirement> {
  const [row] = await EditingRequirement.findOrCreate({ where: { websiteId }, defaults: { websiteId, mode: mode ?? 'never' } });
  if (mode && row.mode !== mode && row.updatedBy === null) await row.update({ mode });
  return row;
}

export const installEditingRequirementOnWebsiteCreated = async (event: { website: { id: number } }): Promise<void> => {
  await installEditingRequirement(event.website.id);
};

/** Staff of the website read its requirement. */
export async function getEditingRequirement(actor: Actor, websiteId: number): Promise<EditingRequirement> {
  if (!canManageTasks(actor, websiteId)) throw NotFound('Editing requirement');
  return inTransaction(() => installEditingRequirement(websiteId));
}

/** An admin of the website changes its requirement (validated, audited with before and after). */
export async function updateEditingRequirement(actor: Actor, websiteId: number, input: unknown): Promise<EditingRequirement> {
  if (!canEditRequirement(actor, websiteId)) throw Forbidden('Only admins of the website change its editing requirement');
  const parsed = requirementChange.safeParse(input);
  if (!parsed.success) throw ValidationFailed(fieldErrorsOf(parsed.error.issues), 'The editing requirement is invalid');
  const change: RequirementChange = parsed.data;
  return inTransaction(async (transaction) => {
    await installEditingRequirement(websiteId);
    const row = (await EditingRequirement.findOne({ where: { websiteId }, lock: transaction.LOCK.UPDATE }))!;
    const keys = Object.keys(change) as Array<keyof RequirementChange>;
    const plain = row.get({ plain: true }) as Record<string, unknown>;
    const before = Object.fromEntries(keys.map((k) => [k, plain[k]]));
    await row.update({ ...change, updatedBy: actor.userId });
    await recordAudit(actor, {
      action: 'editing_requirement.update',
      targetType: 'editing_requirement',
      targetId: row.id,
      websiteId,
      before,
      after: Object.fromEntries(keys.map((k) => [k, change[k]])),
    });
    return row;
  });
}
