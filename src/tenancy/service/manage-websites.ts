import { Op } from 'sequelize';
import { z } from 'zod';
import { recordAudit } from '../../audit/index.js';
import { inTransaction } from '../../platform/database.js';
import { Conflict, Forbidden, NotFound } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/validate.js';
import type { Actor } from '../../platform/actor.js';
import { websiteHooks } from '../hooks.js';
import { Website } from '../models.js';
import { canManageWebsites } from '../policy.js';
import { domainSchema, websiteSettingsSchema } from '../rules.js';
import { clearWebsiteCache } from '../read-models/website-by-host.js';

/** Superadmin use cases on websites (brands): create and edit, validated, audited, cache cleared. */

const timezoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone like Europe/Paris');

export const websiteInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    slug: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be lower-case letters, digits and dashes'),
    domains: z.array(domainSchema).min(1, 'needs at least one domain').max(20),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO code like USD'),
    timezone: timezoneSchema,
    settings: websiteSettingsSchema,
    active: z.boolean(),
  })
  .strict();
export type WebsiteInput = z.infer<typeof websiteInputSchema>;

const snapshot = (w: Website): Record<string, unknown> => ({
  name: w.name,
  slug: w.slug,
  domains: [...w.domains],
  currency: w.currency,
  timezone: w.timezone,
  settings: w.settings,
  active: w.active,
});

function assertCanManage(actor: Actor): void {
  if (!canManageWebsites(actor)) throw Forbidden('Only a superadmin manages websites');
}

/** No host may resolve to two websites. */
async function assertDomainsFree(domains: string[], exceptId: number | null): Promise<void> {
  const unique = [...new Set(domains)];
  if (unique.length !== domains.length) throw Conflict('A domain is listed twice');
  const clash = await Website.findOne({
    where: { domains: { [Op.overlap]: unique }, ...(exceptId !== null ? { id: { [Op.ne]: exceptId } } : {}) },
  });
  if (clash) throw Conflict(`A domain is already used by the website "${clash.name}"`);
}

export async function createWebsite(actor: Actor, input: unknown): Promise<Website> {
  assertCanManage(actor);
  const data = parseInput(websiteInputSchema, input);
  const website = await inTransaction(async () => {
    await assertDomainsFree(data.domains, null);
    const created = await Website.create(data);
    await recordAudit(actor, {
      action: 'website.create',
      targetType: 'website',
      targetId: created.id,
      websiteId: created.id,
      after: snapshot(created),
    });
    // E.g. pricing gives it RULES.md's default price list (a website sells nothing without one).
    await websiteHooks.websiteCreated({ actor, website: created });
    return created;
  });
  clearWebsiteCache();
  return website;
}

/** Partial update: fields left out keep their value; the result is validated as a whole. */
export async function updateWebsite(actor: Actor, websiteId: number, input: unknown): Promise<Website> {
  assertCanManage(actor);
  const patch = parseInput(websiteInputSchema.partial(), input);
  const website = await inTransaction(async () => {
    const current = await Website.findByPk(websiteId, { lock: true });
    if (!current) throw NotFound('Website');
    const before = snapshot(current);
    if (patch.domains) await assertDomainsFree(patch.domains, current.id);
    current.set(patch);
    await current.save();
    await recordAudit(actor, {
      action: 'website.update',
      targetType: 'website',
      targetId: current.id,
      websiteId: current.id,
      before,
      after: snapshot(current),
    });
    return current;
  });
  clearWebsiteCache();
  return website;
}
