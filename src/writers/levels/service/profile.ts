import { Op } from 'sequelize';
import { User } from '../../../identity/index.js';
import { writerRating } from '../../../reviews/index.js';
import type { Actor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { NotFound } from '../../../platform/errors.js';
import { WriterEvaluation, WriterProfile, WriterWarning } from '../models.js';
import { canSeeStandingOf } from '../policy.js';
import { restrictionAmong } from '../rules.js';
import { BADGE_RULES, badgesOf, type BadgeCode } from './badges.js';
import { levelsOf } from './levels.js';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What the writer (or staff) sees of a writer's standing: level, score and its parts, the next level and how far, badges, warnings, caps. */
export async function writerProfile(actor: Actor, writerId: number) {
  const writer = await User.findOne({ where: { id: writerId, role: 'writer' }, attributes: ['id', 'websiteId', 'maxActiveOrders'] });
  if (!writer || writer.websiteId === null || !canSeeStandingOf(actor, { id: writer.id, websiteId: writer.websiteId }))
    throw NotFound('Writer');
  const levels = await levelsOf(writer.websiteId);
  const profile = await WriterProfile.findOne({ where: { writerId } });
  const level = levels.find((l) => l.id === Number(profile?.levelId)) ?? levels[0]!;
  const next = levels.find((l) => l.rank > level.rank) ?? null;
  const scoreBp = profile?.scoreBp ?? null;
  // The lifetime completed count as the last evaluation saw it.
  const latest = await WriterEvaluation.findOne({ where: { writerId }, order: [['periodEnd', 'DESC']] });
  const completedTotal = (latest?.metrics as { counts?: { completedTotal?: number } } | undefined)?.counts?.completedTotal ?? 0;
  const now = clock.now();
  const warnings = await WriterWarning.findAll({
    where: { writerId, status: 'active', endsAt: { [Op.gt]: now } },
    order: [['endsAt', 'ASC']],
  });
  const restriction = restrictionAmong(warnings, now);
  return {
    level: { name: level.name, rank: level.rank, pageCents: level.pageCents, tipShareBp: level.tipShareBp },
    score: { scoreBp, parts: profile?.scoreParts ?? null, evaluatedAt: iso(profile?.evaluatedAt) },
    // Clients' approved public reviews of the writer, as the levels score and the public profile read them.
    rating: await writerRating(writerId),
    nextLevel: next && {
      name: next.name,
      thresholds: {
        minCompositeBp: next.minCompositeBp,
        minRatingCenti: next.minRatingCenti,
        minCompletionBp: next.minCompletionBp,
        minCompletedOrders: next.minCompletedOrders,
      },
      toGo: {
        compositeBp: Math.max(0, next.minCompositeBp - (scoreBp ?? 0)),
        completedOrders: Math.max(0, next.minCompletedOrders - completedTotal),
      },
    },
    badges: (await badgesOf(writerId)).map((b) => ({
      code: b.code,
      label: BADGE_RULES[b.code as BadgeCode]?.label ?? b.code,
      awardedAt: b.awardedAt.toISOString(),
    })),
    warnings: warnings.map((w) => ({ id: w.id, kind: w.kind, reason: w.reason, endsAt: w.endsAt.toISOString() })),
    restriction: restriction && { kind: restriction.kind, endsAt: restriction.endsAt.toISOString() },
    caps: {
      maxActiveOrders: writer.maxActiveOrders ?? level.maxActiveOrders,
      urgentWithinHours: level.urgentWithinHours,
      canTakeNewWork: restriction === null,
    },
  };
}
export type WriterProfileView = Awaited<ReturnType<typeof writerProfile>>;
