import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { currentTransaction, inTransaction } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { WebsiteCreatedEvent } from '../../../tenancy/index.js';
import { FineType } from '../models.js';
import { canEditFineTypes, canSeeFineTypes } from '../policy.js';
import { fineRuleProblems, type FineRule } from '../rules.js';
import { installDefaultFineTypes } from './common.js';

/** The tenancy's websiteCreated hook: a new website starts with RULES.md's fine types. */
export async function installFineTypesOnWebsiteCreated({ website }: WebsiteCreatedEvent): Promise<void> {
  await installDefaultFineTypes(website.id);
}

export interface FineTypeChange {
  name?: string;
  amountCents?: number | null;
  percentBp?: number | null;
  minCents?: number;
  maxCents?: number | null;
  active?: boolean;
}

/**
 * An admin changes a fine type's rule on their website (fines already issued keep their amount).
 * The rule is checked whole (a fixed amount or a percentage, min ≤ max), audited before/after.
 */
export async function updateFineType(actor: Actor, fineTypeId: number, change: FineTypeChange): Promise<FineType> {
  return inTransaction(async () => {
    const type = Number.isSafeInteger(fineTypeId) ? await FineType.findByPk(fineTypeId, { lock: currentTransaction()!.LOCK.UPDATE }) : null;
    if (!type || !canSeeFineTypes(actor, type.websiteId)) throw NotFound('Fine type');
    if (!canEditFineTypes(actor, type.websiteId)) throw Forbidden('Only admins change fine types');
    const name = change.name === undefined ? type.name : String(change.name).trim();
    const rule: FineRule = {
      amountCents: change.amountCents === undefined ? type.amountCents : change.amountCents,
      percentBp: change.percentBp === undefined ? type.percentBp : change.percentBp,
      minCents: change.minCents ?? type.minCents,
      maxCents: change.maxCents === undefined ? type.maxCents : change.maxCents,
    };
    const problems = fineRuleProblems(rule);
    if (!name || name.length > 120) problems.name = 'must be 1 to 120 characters';
    if (type.automatic && rule.percentBp === null) problems.percentBp = 'the lateness fine is a share of the earning (its cap)';
    if (Object.keys(problems).length) throw ValidationFailed(problems, 'Invalid fine type');
    const before = { name: type.name, ...pickRule(type), active: type.active };
    await type.update({ name, ...rule, active: change.active ?? type.active });
    await recordAudit(actor, {
      action: 'fine_type.update',
      targetType: 'fine_type',
      targetId: type.id,
      websiteId: type.websiteId,
      before,
      after: { name: type.name, ...pickRule(type), active: type.active },
    });
    return type;
  });
}

const pickRule = (t: FineType): FineRule => ({
  amountCents: t.amountCents,
  percentBp: t.percentBp,
  minCents: t.minCents,
  maxCents: t.maxCents,
});
