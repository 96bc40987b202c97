import { Op } from 'sequelize';
import { recordAudit } from '../../../audit/index.js';
import type { Actor } from '../../../platform/actor.js';
import { inTransaction, sql } from '../../../platform/database.js';
import { Forbidden, NotFound, ValidationFailed } from '../../../platform/errors.js';
import type { WebsiteCreatedEvent } from '../../../tenancy/index.js';
import { WriterLevel, WriterProfile } from '../models.js';
import { canManageLevelsOn } from '../policy.js';
import { DEFAULT_LEVELS, levelTermsSchema, lowestLevel, type LevelTerms } from '../rules.js';

const COLUMNS: Record<keyof LevelTerms, string> = {
  name: 'name',
  rank: 'rank',
  pageCents: 'page_cents',
  slideCents: 'slide_cents',
  chartCents: 'chart_cents',
  maxActiveOrders: 'max_active_orders',
  urgentWithinHours: 'urgent_within_hours',
  urgentPageCents: 'urgent_page_cents',
  urgentMultiplierBp: 'urgent_multiplier_bp',
  tipShareBp: 'tip_share_bp',
  minCompletedOrders: 'min_completed_orders',
  minCompositeBp: 'min_composite_bp',
  minRatingCenti: 'min_rating_centi',
  minCompletionBp: 'min_completion_bp',
  maxRevisionBp: 'max_revision_bp',
  maxLatenessBp: 'max_lateness_bp',
  maxDisputeBp: 'max_dispute_bp',
  maxCancellationBp: 'max_cancellation_bp',
};
const KEYS = Object.keys(COLUMNS) as Array<keyof LevelTerms>;

/** Gives a website RULES.md's levels table, unless it has levels already. Idempotent (one row a rank). */
export async function installDefaultLevels(websiteId: number): Promise<void> {
  const values: unknown[] = [];
  const tuples = DEFAULT_LEVELS.map((terms) => {
    values.push(websiteId, ...KEYS.map((k) => terms[k]));
    const base = values.length - KEYS.length - 1;
    return `(${Array.from({ length: KEYS.length + 1 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
  });
  await sql(
    `INSERT INTO writer_levels (website_id, ${KEYS.map((k) => COLUMNS[k]).join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
    values,
  );
}

/** The tenancy's websiteCreated hook (src/wiring.ts): a new website gets the default levels. */
export async function installLevelsOnWebsiteCreated({ website }: WebsiteCreatedEvent): Promise<void> {
  await installDefaultLevels(website.id);
}

/** A website's levels, lowest first. */
export const levelsOf = (websiteId: number): Promise<WriterLevel[]> =>
  WriterLevel.findAll({ where: { websiteId }, order: [['rank', 'ASC']] });

/** Each writer's level (a writer without a profile is at the lowest level); writers of one website. */
export async function levelsOfWriters(writerIds: readonly number[], websiteId: number): Promise<Map<number, WriterLevel>> {
  const levels = await levelsOf(websiteId);
  const lowest = lowestLevel(levels);
  if (!lowest) throw NotFound('Writer levels of the website');
  const byId = new Map(levels.map((l) => [l.id, l]));
  const profiles = writerIds.length
    ? await WriterProfile.findAll({ where: { writerId: { [Op.in]: [...writerIds] }, websiteId }, attributes: ['writerId', 'levelId'] })
    : [];
  const levelOf = new Map(profiles.map((p) => [Number(p.writerId), byId.get(Number(p.levelId)) ?? lowest]));
  return new Map(writerIds.map((id) => [id, levelOf.get(id) ?? lowest]));
}

export async function levelOfWriter(writerId: number, websiteId: number): Promise<WriterLevel> {
  return (await levelsOfWriters([writerId], websiteId)).get(writerId)!;
}

/** The terms of a level row (what rules.ts works with). */
export const termsOf = (level: WriterLevel): LevelTerms =>
  Object.fromEntries(KEYS.map((k) => [k, k === 'name' ? level.name : Number(level[k])])) as unknown as LevelTerms;

/**
 * An admin edits a level of their website (the back office's writer_levels edit). Orders already
 * assigned keep the card frozen on them; new assignments, capacity and urgency follow at once.
 */
export async function updateWriterLevel(actor: Actor, levelId: number, patch: Partial<LevelTerms>): Promise<WriterLevel> {
  const parsed = levelTermsSchema.partial().safeParse(patch);
  if (!parsed.success) throw ValidationFailed(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? '_'), i.message])));
  return inTransaction(async (transaction) => {
    const level = await WriterLevel.findByPk(levelId, { lock: transaction.LOCK.UPDATE });
    if (!level) throw NotFound('Writer level');
    if (!canManageLevelsOn(actor, level.websiteId)) throw Forbidden('Only admins of the website edit its writer levels');
    const before = termsOf(level);
    await level.update(parsed.data);
    const after = termsOf(level);
    const changed = KEYS.filter((k) => before[k] !== after[k]);
    if (changed.length)
      await recordAudit(actor, {
        action: 'writer_level.update',
        targetType: 'writer_level',
        targetId: level.id,
        websiteId: level.websiteId,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, after[k]])),
      });
    return level;
  });
}
