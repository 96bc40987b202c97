import { Transaction } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import { User } from '../../../identity/index.js';
import type { Actor } from '../../../platform/actor.js';
import { inTransaction } from '../../../platform/database.js';
import { Forbidden, ValidationFailed } from '../../../platform/errors.js';
import { WriterPayoutSetting } from '../models.js';
import { canDecideRequests, canSeeWebsitePayouts } from '../policy.js';
import { PAYOUT_SCHEDULES, type PayoutSchedule } from '../rules.js';

/**
 * A writer's own payout schedule, over the website's (null or '' goes back to the website's).
 * Admins of the writer's website. Takes effect at the next build: a period already built stays.
 */
export async function setWriterPayoutSchedule(actor: Actor, writerId: number, schedule: unknown): Promise<WriterPayoutSetting> {
  const value = schedule === null || schedule === undefined || schedule === '' ? null : String(schedule);
  if (value !== null && !(PAYOUT_SCHEDULES as readonly string[]).includes(value)) {
    throw ValidationFailed({ schedule: `must be one of ${PAYOUT_SCHEDULES.join(', ')}, or empty for the website's` });
  }
  return inTransaction(async () => {
    const writer = Number.isSafeInteger(writerId)
      ? await User.findOne({ where: { id: writerId, role: 'writer' }, attributes: ['id', 'websiteId'] })
      : null;
    if (!writer || writer.websiteId === null || !canSeeWebsitePayouts(actor, writer.websiteId)) {
      throw ValidationFailed({ writerId: 'must be a writer of this website' });
    }
    if (!canDecideRequests(actor, writer.websiteId)) throw Forbidden('Only admins set payout schedules');
    const existing = await WriterPayoutSetting.findOne({ where: { writerId: writer.id }, lock: Transaction.LOCK.UPDATE });
    const before = existing?.schedule ?? null;
    const setting = existing
      ? await existing.update({ schedule: value as PayoutSchedule | null })
      : await WriterPayoutSetting.create({ writerId: writer.id, websiteId: writer.websiteId, schedule: value as PayoutSchedule | null });
    await recordAudit(actor, {
      action: 'payout.schedule',
      targetType: 'user',
      targetId: writer.id,
      websiteId: writer.websiteId,
      before: { schedule: before },
      after: { schedule: value },
    });
    return setting;
  });
}
