import { randomInt } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { getSequelize, inTransaction } from '../../platform/database.js';
import { Conflict, ValidationFailed } from '../../platform/errors.js';
import { fieldErrorsOf } from '../../platform/http/validate.js';
import { z } from '../../platform/http/zod.js';
import { generatedCode, MAX_GENERATED_CODES } from '../campaign-rules.js';
import { Campaign, DiscountCode, type GenerationParams } from '../models.js';
import { assertCanManageDiscounts } from '../policy.js';

/**
 * Bulk code generation. The request is stored on the campaign (status queued, what to make,
 * how many codes it had before); a job makes the codes in batches, each batch one transaction
 * under the campaign's row lock that counts what exists and inserts only what is missing with
 * ON CONFLICT DO NOTHING (a collision is simply retried). So a worker killed mid-way, a rerun or
 * two workers at once never make more or fewer codes than asked; progress is generated/requested.
 */
const BATCH = 1_000;
/** A running generation whose worker has not reported for this long is taken over. */
const STALE_MS = 2 * 60_000;

export const generationInputSchema = z
  .object({
    prefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{0,12}$/, 'letters and digits only, at most 12'),
    count: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(MAX_GENERATED_CODES, `must be at most ${MAX_GENERATED_CODES}`),
    kind: z.enum(['percentage', 'fixed'], { message: 'must be percentage or fixed' }),
    percentBp: z.number().int().min(1).max(10_000).nullable().default(null),
    valueCents: z.number().int().min(1).max(100_000_000).nullable().default(null),
    capCents: z.number().int().min(1).max(100_000_000).nullable().default(null),
    minSubtotalCents: z.number().int().min(0).max(100_000_000).default(0),
    usageLimitTotal: z.number().int().min(1).max(1_000_000).nullable().default(1),
    usageLimitPerClient: z.number().int().min(1).max(10_000).nullable().default(1),
    firstOrderOnly: z.boolean().default(false),
  })
  .strict();

type Kicker = () => void;
let kick: Kicker | undefined;

/** The job worker of this process (if any) registers how to start the generation job at once. */
export function setGenerationKicker(fn: Kicker | undefined): void {
  kick = fn;
}

/** Queues a generation for a campaign; the job makes the codes (progress on the campaign). */
export async function requestCodeGeneration(actor: Actor, campaignId: number, raw: unknown): Promise<Campaign> {
  const parsed = generationInputSchema.safeParse(raw);
  if (!parsed.success) throw ValidationFailed(fieldErrorsOf(parsed.error.issues));
  const { count, ...params } = parsed.data;
  if (params.kind === 'percentage' && params.percentBp === null) throw ValidationFailed({ percentBp: 'is required for a percentage' });
  if (params.kind === 'fixed' && params.valueCents === null) throw ValidationFailed({ valueCents: 'is required for a fixed amount' });
  const terms: GenerationParams = {
    ...params,
    percentBp: params.kind === 'percentage' ? params.percentBp : null,
    valueCents: params.kind === 'fixed' ? params.valueCents : null,
  };
  const campaign = await inTransaction(async () => {
    const row = await Campaign.findByPk(campaignId, { lock: true });
    if (!row) throw ValidationFailed({ campaignId: 'is not a campaign' });
    assertCanManageDiscounts(actor, row.websiteId, 'Campaign');
    if (row.status === 'ended') throw Conflict('An ended campaign gets no new codes', { currentStatus: row.status });
    if (row.generationStatus === 'queued' || row.generationStatus === 'running') {
      throw Conflict(`Codes are already being generated (${row.generationGenerated} of ${row.generationRequested})`, {
        currentStatus: row.generationStatus,
      });
    }
    const base = await DiscountCode.count({ where: { campaignId } });
    await row.update({
      generationStatus: 'queued',
      generationParams: terms,
      generationBaseCount: base,
      generationRequested: count,
      generationGenerated: 0,
      generationError: null,
      generationHeartbeatAt: null,
    });
    await recordAudit(actor, {
      action: 'campaign.generate_codes',
      targetType: 'campaign',
      targetId: row.id,
      websiteId: row.websiteId,
      after: { count, ...terms },
    });
    return row;
  });
  kick?.();
  return campaign;
}

async function query<R extends object>(sql: string, bind: unknown[]): Promise<R[]> {
  return getSequelize().query<R>(sql, { bind, type: QueryTypes.SELECT });
}

/** Takes the next queued (or abandoned) generation for this worker; null when there is none. */
async function claim(): Promise<number | null> {
  const [row] = await query<{ id: number }>(
    `UPDATE campaigns SET generation_status = 'running', generation_heartbeat_at = $1
      WHERE id = (SELECT id FROM campaigns
                   WHERE generation_status = 'queued' OR (generation_status = 'running' AND generation_heartbeat_at < $2)
                   ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    [clock.now(), new Date(clock.now().getTime() - STALE_MS)],
  );
  return row?.id ?? null;
}

/** One batch: counts what exists under the campaign's lock, inserts what is missing. Returns codes still to make. */
async function generateBatch(campaignId: number): Promise<number> {
  return inTransaction(async () => {
    const campaign = (await Campaign.findByPk(campaignId, { lock: true }))!;
    if (campaign.generationStatus !== 'running') return 0;
    const target = campaign.generationBaseCount + campaign.generationRequested;
    const existing = await DiscountCode.count({ where: { campaignId } });
    const wanted = Math.min(target - existing, BATCH);
    let inserted = 0;
    if (wanted > 0) {
      const p = campaign.generationParams!;
      const codes = [...new Set(Array.from({ length: wanted }, () => generatedCode(p.prefix, randomInt)))];
      const rows = await query<{ id: number }>(
        `INSERT INTO discount_codes (website_id, campaign_id, code, kind, percent_bp, value_cents, cap_cents, min_subtotal_cents,
                                     usage_limit_total, usage_limit_per_client, first_order_only, created_by)
         SELECT $1, $2, c, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM unnest($3::text[]) AS c
         ON CONFLICT (website_id, code) DO NOTHING RETURNING id`,
        [
          campaign.websiteId,
          campaignId,
          codes,
          p.kind,
          p.percentBp,
          p.valueCents,
          p.capCents,
          p.minSubtotalCents,
          p.usageLimitTotal,
          p.usageLimitPerClient,
          p.firstOrderOnly,
          campaign.createdBy,
        ],
      );
      inserted = rows.length;
    }
    const left = target - existing - inserted;
    await campaign.update({
      generationGenerated: Math.min(existing + inserted - campaign.generationBaseCount, campaign.generationRequested),
      generationHeartbeatAt: clock.now(),
      ...(left <= 0 ? { generationStatus: 'done' as const } : {}),
    });
    if (left <= 0) {
      await recordAudit(systemActor(campaign.websiteId), {
        action: 'campaign.codes_generated',
        targetType: 'campaign',
        targetId: campaignId,
        after: { generated: campaign.generationGenerated },
      });
    }
    return Math.max(left, 0);
  });
}

/**
 * The job's work: claims generations one by one and runs each to the end. A batch that adds
 * nothing many times in a row (the prefix's space is exhausted) fails the generation, saying why.
 */
export async function runCodeGeneration(): Promise<Array<{ campaignId: number; status: string; generated: number }>> {
  const results = [];
  for (let campaignId = await claim(); campaignId !== null; campaignId = await claim()) {
    let left = Number.POSITIVE_INFINITY;
    let stalled = 0;
    while (left > 0 && stalled < 20) {
      const next = await generateBatch(campaignId);
      stalled = next >= left ? stalled + 1 : 0;
      left = next;
    }
    if (left > 0) {
      await Campaign.update(
        { generationStatus: 'failed', generationError: 'Could not find enough unused codes: use a longer or another prefix' },
        { where: { id: campaignId } },
      );
    }
    const done = (await Campaign.findByPk(campaignId))!;
    results.push({ campaignId, status: done.generationStatus, generated: done.generationGenerated });
  }
  return results;
}
