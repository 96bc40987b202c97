import { Op } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import { User } from '../../../identity/index.js';
import { systemActor } from '../../../platform/actor.js';
import { clock } from '../../../platform/clock.js';
import { inTransaction } from '../../../platform/database.js';
import { WriterEvaluation, WriterProfile, type WriterLevel } from '../models.js';
import { lowestLevel } from '../rules.js';
import { compositeScore, decideLevel, periodRates, type EvaluatedPeriod, type PeriodCounts, type PeriodRates } from '../scoring.js';
import { recordLevelChanged } from './events.js';
import { NO_HISTORY, periodCountsOf } from './history.js';
import { levelsOf, termsOf } from './levels.js';

const DAY_MS = 86_400_000;
export const EVALUATION_PERIOD_DAYS = 7;

/** The period an evaluation run at `now` closes: the 7 days up to the start of today (UTC), so a rerun the same day is the same period. */
export function evaluationPeriod(now: Date): { start: Date; end: Date } {
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { start: new Date(end.getTime() - EVALUATION_PERIOD_DAYS * DAY_MS), end };
}

export interface EvaluationRun {
  evaluated: number;
  promoted: number;
  demoted: number;
}

interface StoredMetrics {
  counts: PeriodCounts;
  rates: PeriodRates;
}

const periodOf = (metrics: StoredMetrics, scoreBp: number): EvaluatedPeriod => ({
  rates: metrics.rates,
  scoreBp,
  ratingCenti: metrics.counts.ratingCenti,
  completedTotal: metrics.counts.completedTotal,
});

/** One writer's evaluation for the period, in its own transaction; null when this period is evaluated already. */
async function evaluateWriter(
  writerId: number,
  websiteId: number,
  levels: WriterLevel[],
  counts: PeriodCounts,
  period: { start: Date; end: Date },
): Promise<'promote' | 'demote' | 'hold' | null> {
  return inTransaction(async (transaction) => {
    let profile = await WriterProfile.findOne({ where: { writerId }, lock: transaction.LOCK.UPDATE });
    if (await WriterEvaluation.count({ where: { writerId, periodEnd: period.end } })) return null;
    const level = levels.find((l) => l.id === Number(profile?.levelId)) ?? lowestLevel(levels)!;
    profile ??= await WriterProfile.create({ websiteId, writerId, levelId: level.id });
    const rates = periodRates(counts);
    const score = compositeScore(rates, counts.ratingCenti);
    const latest: EvaluatedPeriod = {
      rates,
      scoreBp: score.scoreBp,
      ratingCenti: counts.ratingCenti,
      completedTotal: counts.completedTotal,
    };
    const before = await WriterEvaluation.findOne({
      where: { writerId, periodEnd: { [Op.lt]: period.end } },
      order: [['periodEnd', 'DESC']],
    });
    const previous = before ? periodOf(before.metrics as unknown as StoredMetrics, before.scoreBp) : null;
    const verdict = decideLevel(levels.map(termsOf), level.rank, latest, previous);
    const next = verdict.decision === 'hold' ? level : levels.find((l) => l.rank === verdict.toRank)!;
    const now = clock.now();
    await WriterEvaluation.create({
      websiteId,
      writerId,
      periodStart: period.start,
      periodEnd: period.end,
      levelId: level.id,
      metrics: { counts, rates, verdict } as unknown as Record<string, unknown>,
      scoreBp: score.scoreBp,
      decision: verdict.decision,
      newLevelId: next.id === level.id ? null : next.id,
    });
    await profile.update({
      levelId: next.id,
      scoreBp: score.scoreBp,
      scoreParts: score.parts as unknown as Record<string, unknown>,
      evaluatedAt: now,
      ...(next.id !== level.id ? { levelChangedAt: now } : {}),
    });
    if (next.id !== level.id) {
      // Audited, and published for the notifications area (the writer is told).
      await recordLevelChanged(systemActor(websiteId), websiteId, writerId, level, next, 'evaluation');
      await recordAudit(systemActor(websiteId), {
        action: verdict.decision === 'promote' ? 'writer.level_promoted' : 'writer.level_demoted',
        targetType: 'user',
        targetId: writerId,
        websiteId,
        before: { level: level.name },
        after: { level: next.name, scoreBp: score.scoreBp, periodEnd: period.end.toISOString() },
        reason:
          verdict.decision === 'demote' ? `Breached: ${verdict.breached.join(', ')}` : 'Every threshold held over the last two periods',
      });
    }
    return verdict.decision;
  });
}

/**
 * The weekly writers.evaluate-levels job: every active writer of every website is scored on the
 * period just closed, and promoted or demoted one level at a time (scoring.ts decideLevel). A
 * period is evaluated once per writer (writer_evaluations is unique by writer and period end).
 */
export async function evaluateLevels(now = clock.now()): Promise<EvaluationRun> {
  const period = evaluationPeriod(now);
  const run: EvaluationRun = { evaluated: 0, promoted: 0, demoted: 0 };
  const writers = await User.findAll({
    where: { role: 'writer', websiteId: { [Op.ne]: null }, status: { [Op.in]: ['active', 'probation'] } },
    attributes: ['id', 'websiteId'],
    order: [['id', 'ASC']],
  });
  const byWebsite = new Map<number, number[]>();
  for (const w of writers) byWebsite.set(w.websiteId!, [...(byWebsite.get(w.websiteId!) ?? []), w.id]);
  for (const [websiteId, ids] of byWebsite) {
    const levels = await levelsOf(websiteId);
    if (!levels.length) continue;
    const counts = await periodCountsOf(websiteId, period.start, period.end);
    for (const writerId of ids) {
      const decision = await evaluateWriter(writerId, websiteId, levels, counts.get(writerId) ?? NO_HISTORY, period);
      if (decision === null) continue;
      run.evaluated++;
      if (decision === 'promote') run.promoted++;
      if (decision === 'demote') run.demoted++;
    }
  }
  return run;
}
