import { recordAudit } from '../../../audit/index.js';
import { User } from '../../../identity/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { WriterProfile, type WriterLevel } from '../models.js';
import { canManageLevelsOn } from '../policy.js';
import { lowestLevel } from '../rules.js';
import { recordLevelChanged } from './events.js';
import { levelsOf } from './levels.js';

export interface SetLevelInput {
  /** The level's name (any case) or id, of the writer's website. */
  level: unknown;
  reason: unknown;
}

/**
 * An admin puts a writer on a level by hand (a proven writer hired from elsewhere, a correction),
 * with a reason, audited. Any level of the writer's website, in either direction; the weekly
 * evaluation goes on from there one level at a time. Orders already assigned keep their frozen
 * rate card; capacity and new assignments follow at once.
 */
export async function setWriterLevel(actor: Actor, writerId: number, input: SetLevelInput): Promise<WriterLevel> {
  const why = typeof input.reason === 'string' ? input.reason.trim() : '';
  const wanted =
    typeof input.level === 'number' ? String(input.level) : typeof input.level === 'string' ? input.level.trim().toLowerCase() : '';
  const fields: Record<string, string> = {};
  if (!wanted) fields.level = 'choose a level';
  if (!why) fields.reason = 'is required';
  else if (why.length > 1000) fields.reason = 'must be at most 1000 characters';
  if (Object.keys(fields).length) throw ValidationFailed(fields, 'Choose the level and say why');
  return inTransaction(async (transaction) => {
    const writer = await User.findOne({ where: { id: writerId, role: 'writer' }, attributes: ['id', 'websiteId'] });
    if (!writer || writer.websiteId === null || !canManageLevelsOn(actor, writer.websiteId)) {
      // Another website's writer reads as missing; the website's own support is told why.
      if (writer && writer.websiteId !== null && actor.websiteId === writer.websiteId) throw Forbidden('Only admins set a writer’s level');
      throw NotFound('Writer');
    }
    const websiteId = writer.websiteId;
    const levels = await levelsOf(websiteId);
    const next = levels.find((l) => String(l.id) === wanted || l.name.toLowerCase() === wanted);
    if (!next) throw ValidationFailed({ level: `is not a level of the writer’s website (${levels.map((l) => l.name).join(', ')})` });
    const profile = await WriterProfile.findOne({ where: { writerId }, lock: transaction.LOCK.UPDATE });
    const current = levels.find((l) => l.id === Number(profile?.levelId)) ?? lowestLevel(levels)!;
    if (current.id === next.id) throw ValidationFailed({ level: `the writer is already ${next.name}` });
    if (profile) await profile.update({ levelId: next.id, levelChangedAt: clock.now() });
    else await WriterProfile.create({ websiteId, writerId, levelId: next.id, levelChangedAt: clock.now() });
    await recordAudit(actor, {
      action: 'writer.level_set',
      targetType: 'user',
      targetId: writerId,
      websiteId,
      before: { level: current.name },
      after: { level: next.name },
      reason: why,
    });
    await recordLevelChanged(actor, websiteId, writerId, current, next, 'manual');
    return next;
  });
}
