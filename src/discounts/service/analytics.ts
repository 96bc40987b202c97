import { stringify } from 'csv-stringify/sync';
import type { Actor } from '../../platform/actor.js';
import { sql } from '../../platform/database.js';
import { NotFound } from '../../platform/errors.js';
import { campaignRoi } from '../campaign-rules.js';
import { Campaign } from '../models.js';
import { assertCanViewDiscounts } from '../policy.js';

/**
 * What a campaign brought: uses (paid orders that used one of its codes), the revenue of those
 * orders (their totals, already net of discounts), the discount given, ROI against the discount
 * and the campaign's own cost, and its best codes.
 */
export interface CodeFigures {
  code: string;
  uses: number;
  revenueCents: number;
  discountCents: number;
}

export interface CampaignAnalytics {
  campaignId: number;
  name: string;
  status: string;
  codes: number;
  uses: number;
  /** Placed orders holding a use that are not paid yet. */
  reserved: number;
  revenueCents: number;
  discountCents: number;
  costCents: number;
  budgetCents: number | null;
  roi: number | null;
  generation: { status: string; requested: number; generated: number; error: string | null };
  topCodes: CodeFigures[];
}

async function visibleCampaign(actor: Actor, campaignId: number): Promise<Campaign> {
  const campaign = await Campaign.findByPk(campaignId);
  if (!campaign) throw NotFound('Campaign');
  assertCanViewDiscounts(actor, campaign.websiteId, 'Campaign');
  return campaign;
}

export async function campaignAnalytics(actor: Actor, campaignId: number): Promise<CampaignAnalytics> {
  const campaign = await visibleCampaign(actor, campaignId);
  const [totals] = await sql<{ uses: number; reserved: number; revenueCents: number; discountCents: number }>(
    `SELECT COUNT(*) FILTER (WHERE u.status = 'used')::int AS uses,
            COUNT(*) FILTER (WHERE u.status = 'reserved')::int AS reserved,
            COALESCE(SUM(o.total_cents) FILTER (WHERE u.status = 'used'), 0)::bigint AS "revenueCents",
            COALESCE(SUM(u.amount_cents) FILTER (WHERE u.status = 'used'), 0)::bigint AS "discountCents"
       FROM discount_usages u
       JOIN discount_codes c ON c.id = u.code_id
       JOIN orders o ON o.id = u.order_id
      WHERE c.campaign_id = $1`,
    [campaignId],
  );
  const topCodes = await sql<CodeFigures>(
    `SELECT c.code, COUNT(*)::int AS uses, SUM(o.total_cents)::bigint AS "revenueCents", SUM(u.amount_cents)::bigint AS "discountCents"
       FROM discount_usages u
       JOIN discount_codes c ON c.id = u.code_id
       JOIN orders o ON o.id = u.order_id
      WHERE c.campaign_id = $1 AND u.status = 'used'
      GROUP BY c.code
      ORDER BY uses DESC, "revenueCents" DESC, c.code
      LIMIT 10`,
    [campaignId],
  );
  const [{ codes } = { codes: 0 }] = await sql<{ codes: number }>(
    'SELECT COUNT(*)::int AS codes FROM discount_codes WHERE campaign_id = $1',
    [campaignId],
  );
  const figures = totals ?? { uses: 0, reserved: 0, revenueCents: 0, discountCents: 0 };
  return {
    campaignId,
    name: campaign.name,
    status: campaign.status,
    codes,
    ...figures,
    costCents: campaign.costCents,
    budgetCents: campaign.budgetCents,
    roi: campaignRoi({ revenueCents: figures.revenueCents, discountCents: figures.discountCents, costCents: campaign.costCents }),
    generation: {
      status: campaign.generationStatus,
      requested: campaign.generationRequested,
      generated: campaign.generationGenerated,
      error: campaign.generationError,
    },
    topCodes,
  };
}

/** Every code of a campaign as CSV (RFC 4180, header row), for printing or mailing. */
export async function exportCampaignCodesCsv(actor: Actor, campaignId: number): Promise<{ filename: string; csv: string }> {
  const campaign = await visibleCampaign(actor, campaignId);
  const rows = await sql<Record<string, unknown>>(
    `SELECT code, kind, percent_bp, value_cents, cap_cents, min_subtotal_cents, usage_limit_total, usage_limit_per_client,
            uses_count, active, valid_from, valid_until, created_at
       FROM discount_codes WHERE campaign_id = $1 ORDER BY id`,
    [campaignId],
  );
  const csv = stringify(rows, {
    header: true,
    columns: [
      'code',
      'kind',
      'percent_bp',
      'value_cents',
      'cap_cents',
      'min_subtotal_cents',
      'usage_limit_total',
      'usage_limit_per_client',
      'uses_count',
      'active',
      'valid_from',
      'valid_until',
      'created_at',
    ],
    cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? 'true' : 'false') },
  });
  const slug =
    campaign.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'campaign';
  return { filename: `campaign-${campaign.id}-${slug}-codes.csv`, csv };
}
