import { Op, type WhereOptions } from 'sequelize';
import { recordAudit } from '../../audit/index.js';
import { systemActor, type Actor } from '../../platform/actor.js';
import { clock } from '../../platform/clock.js';
import { inTransaction } from '../../platform/database.js';
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/errors.js';
import { fieldErrorsOf } from '../../platform/http/validate.js';
import { z } from '../../platform/http/zod.js';
import { campaignDateProblem, decideCampaignTransition, type CampaignAction, type CampaignActorRole } from '../campaign-rules.js';
import { Campaign } from '../models.js';
import { assertCanManageDiscounts, campaignRoleOf } from '../policy.js';

/** Campaigns: their details, the lifecycle table of campaign-rules.ts, and the schedule sweep. */

const cents = z.number().int('must be a whole number of cents').min(0, 'must not be negative').max(1_000_000_000_000);
export const campaignInputSchema = z
  .object({
    name: z.string().trim().min(3, 'must be at least 3 characters').max(120),
    description: z.string().trim().max(2000).nullable(),
    startsAt: z.coerce.date({ message: 'must be a date' }).nullable(),
    endsAt: z.coerce.date({ message: 'must be a date' }).nullable(),
    costCents: cents,
    budgetCents: cents.nullable(),
  })
  .partial()
  .strict();
export type CampaignInput = z.output<typeof campaignInputSchema>;

function parse(raw: unknown): CampaignInput {
  const parsed = campaignInputSchema.safeParse(raw);
  if (!parsed.success) throw ValidationFailed(fieldErrorsOf(parsed.error.issues));
  return parsed.data;
}

const snapshot = (c: Campaign) => ({
  name: c.name,
  status: c.status,
  startsAt: c.startsAt?.toISOString() ?? null,
  endsAt: c.endsAt?.toISOString() ?? null,
  costCents: c.costCents,
  budgetCents: c.budgetCents,
});

function checkDates(startsAt: Date | null | undefined, endsAt: Date | null | undefined): void {
  if (startsAt && endsAt && endsAt <= startsAt) throw ValidationFailed({ endsAt: 'must be after the start' });
}

export async function createCampaign(actor: Actor, websiteId: number, raw: unknown): Promise<Campaign> {
  assertCanManageDiscounts(actor, websiteId, 'Campaign');
  const input = parse(raw);
  if (!input.name) throw ValidationFailed({ name: 'is required' });
  checkDates(input.startsAt, input.endsAt);
  return inTransaction(async () => {
    const campaign = await Campaign.create({ ...input, name: input.name!, websiteId, createdBy: actor.userId });
    await recordAudit(actor, {
      action: 'campaign.create',
      targetType: 'campaign',
      targetId: campaign.id,
      websiteId,
      after: snapshot(campaign),
    });
    return campaign;
  });
}

async function lockCampaign(actor: Actor, campaignId: number): Promise<Campaign> {
  const campaign = await Campaign.findByPk(campaignId, { lock: true });
  if (!campaign) throw NotFound('Campaign');
  assertCanManageDiscounts(actor, campaign.websiteId, 'Campaign');
  return campaign;
}

/** Edits a campaign's details; an ended campaign is history and stays as it was. */
export async function updateCampaign(actor: Actor, campaignId: number, raw: unknown): Promise<Campaign> {
  const input = parse(raw);
  return inTransaction(async () => {
    const campaign = await lockCampaign(actor, campaignId);
    if (campaign.status === 'ended') throw Conflict('An ended campaign cannot be edited', { currentStatus: campaign.status });
    checkDates(
      input.startsAt !== undefined ? input.startsAt : campaign.startsAt,
      input.endsAt !== undefined ? input.endsAt : campaign.endsAt,
    );
    const before = snapshot(campaign);
    await campaign.update(input);
    await recordAudit(actor, {
      action: 'campaign.update',
      targetType: 'campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      before,
      after: snapshot(campaign),
    });
    return campaign;
  });
}

function roleOf(actor: Actor): CampaignActorRole {
  const role = campaignRoleOf(actor);
  if (!role) throw Forbidden('Only admins steer campaigns');
  return role;
}

/** Moves a campaign through the table: 409 with the current status when illegal; dates checked. */
export async function transitionCampaign(
  actor: Actor,
  campaignId: number,
  action: CampaignAction,
  reason?: string | null,
): Promise<Campaign> {
  const role = roleOf(actor);
  return inTransaction(async () => {
    const campaign = await lockCampaign(actor, campaignId);
    const decision = decideCampaignTransition(action, campaign.status, role);
    if (!decision.ok) {
      if (decision.reason === 'not_allowed_for_role') throw Forbidden(decision.message);
      throw Conflict(decision.message, { currentStatus: campaign.status });
    }
    const problem = campaignDateProblem(action, campaign, clock.now());
    if (problem) throw Conflict(`Cannot ${action} the campaign: ${problem}`, { currentStatus: campaign.status });
    const from = campaign.status;
    await campaign.update({ status: decision.to });
    await recordAudit(actor, {
      action: `campaign.${action}`,
      targetType: 'campaign',
      targetId: campaign.id,
      websiteId: campaign.websiteId,
      before: { status: from },
      after: { status: decision.to },
      reason: reason ?? undefined,
    });
    return campaign;
  });
}

/**
 * The schedule: ends what is past its end, then starts what is due. Each campaign in its own
 * transaction, re-decided under its lock, so two workers (or a rerun) never act twice.
 */
export async function runCampaignSchedule(): Promise<{ started: number; ended: number }> {
  const now = clock.now();
  const due = async (where: WhereOptions<Campaign>) =>
    Campaign.findAll({ where, attributes: ['id', 'websiteId'], order: [['id', 'ASC']], limit: 500 });
  const apply = async (rows: Campaign[], action: CampaignAction) => {
    let done = 0;
    for (const row of rows) {
      try {
        await transitionCampaign(systemActor(row.websiteId), row.id, action, 'scheduled');
        done++;
      } catch (err) {
        if (!(err instanceof AppError)) throw err; // someone got there first: nothing to do
      }
    }
    return done;
  };
  const ended = await apply(await due({ status: { [Op.in]: ['scheduled', 'active', 'paused'] }, endsAt: { [Op.lte]: now } }), 'end');
  const started = await apply(await due({ status: 'scheduled', startsAt: { [Op.lte]: now } }), 'activate');
  return { started, ended };
}
