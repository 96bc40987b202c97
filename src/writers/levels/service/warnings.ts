import { Op, Transaction } from 'sequelize';
import { z } from 'zod';
import { recordAudit } from '../../../audit/index.js';
import { User } from '../../../identity/index.js';
import { systemActor, type Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import { WARNING_KINDS, WriterWarning } from '../models.js';
import { canManageLevelsOn } from '../policy.js';
import { restrictionAmong } from '../rules.js';

export const warningInput = z
  .object({
    kind: z.enum(WARNING_KINDS),
    reason: z.string().trim().min(1).max(2000),
    endsAt: z.coerce.date(),
  })
  .strict();
export type WarningInput = z.input<typeof warningInput>;

/**
 * An admin warns a writer of their website, or puts them on probation (no new takes, requests or
 * assignments) or suspends them (no new work) until the end date. Audited; the orders' eligibility
 * reads it through the standing provider at once.
 */
export async function issueWarning(actor: Actor, writerId: number, input: WarningInput): Promise<WriterWarning> {
  const parsed = warningInput.safeParse(input);
  if (!parsed.success) throw ValidationFailed(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? '_'), i.message])));
  const { kind, reason, endsAt } = parsed.data;
  if (endsAt.getTime() <= clock.now().getTime()) throw ValidationFailed({ endsAt: 'must be in the future' });
  return inTransaction(async () => {
    const writer = await User.findOne({ where: { id: writerId, role: 'writer' }, attributes: ['id', 'websiteId'] });
    if (!writer || writer.websiteId === null) throw NotFound('Writer');
    if (!canManageLevelsOn(actor, writer.websiteId)) throw Forbidden('Only admins of the website discipline its writers');
    const warning = await WriterWarning.create({ websiteId: writer.websiteId, writerId, kind, reason, endsAt, issuedBy: actor.userId });
    await recordAudit(actor, {
      action: `writer.${kind}`,
      targetType: 'user',
      targetId: writerId,
      websiteId: writer.websiteId,
      after: { warningId: warning.id, kind, endsAt: endsAt.toISOString() },
      reason,
    });
    return warning;
  });
}

async function lift(actor: Actor, warning: WriterWarning, reason: string, now: Date): Promise<void> {
  await warning.update({ status: 'lifted', liftedAt: now, liftedBy: actor.userId, liftReason: reason });
  await recordAudit(actor, {
    action: 'writer.warning_lifted',
    targetType: 'user',
    targetId: warning.writerId,
    websiteId: warning.websiteId,
    before: { warningId: warning.id, kind: warning.kind, status: 'active' },
    after: { warningId: warning.id, kind: warning.kind, status: 'lifted' },
    reason,
  });
}

/** An admin lifts a warning, probation or suspension before its end date (reason required). */
export async function liftWarning(actor: Actor, warningId: number, reason: unknown): Promise<WriterWarning> {
  const why = typeof reason === 'string' ? reason.trim() : '';
  if (!why) throw ValidationFailed({ reason: 'is required' });
  return inTransaction(async (transaction) => {
    const warning = await WriterWarning.findByPk(warningId, { lock: transaction.LOCK.UPDATE });
    if (!warning) throw NotFound('Warning');
    if (!canManageLevelsOn(actor, warning.websiteId)) throw Forbidden('Only admins of the website discipline its writers');
    if (warning.status !== 'active') throw Conflict('This warning is lifted already', { currentStatus: warning.status });
    await lift(actor, warning, why, clock.now());
    return warning;
  });
}

/**
 * The writers.lift-warnings job: every active warning whose end date has passed is lifted, each in
 * its own transaction under its row lock (SKIP LOCKED: another worker has it), audited as the system.
 */
export async function liftEndedWarnings(now = clock.now()): Promise<{ lifted: number }> {
  const due = await WriterWarning.findAll({ where: { status: 'active', endsAt: { [Op.lte]: now } }, attributes: ['id'], limit: 1_000 });
  let lifted = 0;
  for (const { id } of due) {
    const done = await inTransaction(async () => {
      const warning = await WriterWarning.findOne({ where: { id, status: 'active' }, lock: Transaction.LOCK.UPDATE, skipLocked: true });
      if (!warning) return false;
      await lift(systemActor(warning.websiteId), warning, 'Its end date has passed', now);
      return true;
    });
    if (done) lifted++;
  }
  return { lifted };
}

/** The probation or suspension in force for each writer (none: absent from the map). */
export async function restrictionsOf(writerIds: readonly number[], websiteId: number, now = clock.now()) {
  if (!writerIds.length) return new Map<number, NonNullable<ReturnType<typeof restrictionAmong<WriterWarning>>>>();
  const rows = await WriterWarning.findAll({
    where: { writerId: { [Op.in]: [...writerIds] }, websiteId, status: 'active', kind: { [Op.ne]: 'warning' }, endsAt: { [Op.gt]: now } },
  });
  const result = new Map<number, NonNullable<ReturnType<typeof restrictionAmong<WriterWarning>>>>();
  for (const id of writerIds) {
    const restriction = restrictionAmong(
      rows.filter((r) => Number(r.writerId) === id),
      now,
    );
    if (restriction) result.set(id, restriction);
  }
  return result;
}
