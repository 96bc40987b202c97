import Handlebars from 'handlebars';
import { z } from 'zod';

/**
 * Pure rules of campaigns and broadcasts: the campaign's statuses and transitions, the audience
 * (segment) a staff member may describe, and what a campaign's Handlebars template may use.
 */

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * A recipient's row: `queued` waits; `claimed` is held by a worker under a lease (not sent yet);
 * `sending` means the send has started (it may have gone out); then `sent`, `failed`,
 * `unsubscribed` (their address had unsubscribed) or `skipped` (the campaign was cancelled).
 */
export const RECIPIENT_STATUSES = ['queued', 'claimed', 'sending', 'sent', 'failed', 'unsubscribed', 'skipped'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export type CampaignTransition = 'edit' | 'schedule' | 'start' | 'pause' | 'resume' | 'cancel' | 'finish';

/** from -> allowed transitions. Staff: edit, schedule, pause, resume, cancel; the job: start, finish. */
const TRANSITIONS: Record<CampaignTransition, readonly CampaignStatus[]> = {
  edit: ['draft'],
  schedule: ['draft', 'scheduled'],
  start: ['scheduled'],
  pause: ['scheduled', 'sending'],
  resume: ['paused'],
  cancel: ['draft', 'scheduled', 'sending', 'paused'],
  finish: ['sending'],
};

export const campaignTransitionApplies = (transition: CampaignTransition, from: string): boolean =>
  (TRANSITIONS[transition] as readonly string[]).includes(from);

/** Where resume goes: back to sending when the snapshot was taken, else to waiting for its time. */
export const resumedStatus = (startedAt: Date | null): CampaignStatus => (startedAt ? 'sending' : 'scheduled');

// ---- audience ---------------------------------------------------------------------------------

export const AUDIENCE_ROLES = ['client', 'writer', 'editor', 'support', 'admin'] as const;

/**
 * A segment: users of one website (the actor's; a superadmin may name another), narrowed by role,
 * writer level (by the level's name), recent activity (signed in within N days) and recent orders
 * (placed an order within N days: clients). Only active accounts are ever in a segment.
 */
export const audienceSchema = z
  .object({
    role: z.enum(AUDIENCE_ROLES).optional(),
    websiteId: z.number().int().positive().optional(),
    writerLevel: z.string().trim().min(1).max(40).optional(),
    activeWithinDays: z.number().int().min(1).max(3650).optional(),
    orderedWithinDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.writerLevel !== undefined && a.role !== 'writer')
      ctx.addIssue({ code: 'custom', path: ['writerLevel'], message: 'needs "role": "writer"' });
    if (a.orderedWithinDays !== undefined && a.role !== undefined && a.role !== 'client')
      ctx.addIssue({ code: 'custom', path: ['orderedWithinDays'], message: 'applies to clients only' });
  });
export type Audience = z.infer<typeof audienceSchema>;

/** The audience from a form (JSON text) or an API body (an object): the segment, or the field's error. */
export function parseAudience(raw: unknown): { audience: Audience } | { error: string } {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (!raw.trim()) return { error: 'is required (JSON such as {"role":"client"})' };
    try {
      value = JSON.parse(raw);
    } catch {
      return { error: 'must be JSON such as {"role":"client"}' };
    }
  }
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: 'must be a JSON object such as {"role":"client"}' };
  const parsed = audienceSchema.safeParse(value);
  if (parsed.success) return { audience: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  const message = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
  return { error: `${where}${message} (keys: role, websiteId, writerLevel, activeWithinDays, orderedWithinDays)` };
}

/** The canonical JSON stored for a segment (keys in a fixed order). */
export const audienceText = (a: Audience): string =>
  JSON.stringify({
    role: a.role,
    websiteId: a.websiteId,
    writerLevel: a.writerLevel,
    activeWithinDays: a.activeWithinDays,
    orderedWithinDays: a.orderedWithinDays,
  });

// ---- templates --------------------------------------------------------------------------------

/** The variables a campaign's subject and HTML may use. */
export const CAMPAIGN_VARIABLES = [
  'unsubscribeUrl',
  'firstName',
  'name',
  'websiteName',
  'brand.name',
  'brand.color',
  'brand.supportEmail',
] as const;
const VARIABLES = new Set<string>(CAMPAIGN_VARIABLES);
const BLOCK_HELPERS = new Set(['if', 'unless']);

type Node = hbs.AST.Node;

/**
 * The first problem of a template's use of names (an unknown variable, helper or partial), or null.
 * In HTML, output must be escaped: `{{{name}}}` would put a recipient's display name (which they
 * choose) into the email as markup.
 */
function problemIn(node: Node | undefined | null, html = false): string | null {
  if (!node) return null;
  switch (node.type) {
    case 'Program':
      for (const child of (node as unknown as hbs.AST.Program).body) {
        const problem = problemIn(child as Node, html);
        if (problem) return problem;
      }
      return null;
    case 'ContentStatement':
    case 'CommentStatement':
    case 'StringLiteral':
    case 'NumberLiteral':
    case 'BooleanLiteral':
      return null;
    case 'PathExpression': {
      const path = node as unknown as hbs.AST.PathExpression;
      return VARIABLES.has(path.original) && !path.data && path.depth === 0 ? null : `uses the unknown variable "${path.original}"`;
    }
    case 'MustacheStatement': {
      const m = node as unknown as hbs.AST.MustacheStatement;
      if (html && m.escaped === false) return 'uses unescaped output ({{{…}}}), which the HTML of a campaign may not';
      if (m.params.length || m.hash?.pairs.length) return `uses the unknown helper "${(m.path as hbs.AST.PathExpression).original ?? '?'}"`;
      return problemIn(m.path as Node);
    }
    case 'BlockStatement': {
      const b = node as unknown as hbs.AST.BlockStatement;
      const name = (b.path as hbs.AST.PathExpression).original;
      if (!BLOCK_HELPERS.has(name)) return `uses the unknown block "#${name}" (only #if and #unless)`;
      if (b.params.length !== 1 || b.hash?.pairs.length) return `#${name} takes one variable`;
      return problemIn(b.params[0] as Node) ?? problemIn(b.program as Node, html) ?? problemIn(b.inverse as Node, html);
    }
    case 'PartialStatement':
    case 'PartialBlockStatement':
      return 'uses a partial, which campaigns may not';
    default:
      return `uses ${node.type}, which campaigns may not`;
  }
}

/**
 * Checks one template (subject or HTML) before it is saved: it must compile and use only the
 * campaign variables. Returns the field's error, or null.
 */
export function templateProblem(source: string, options: { html?: boolean } = {}): string | null {
  let program: hbs.AST.Program;
  try {
    program = Handlebars.parse(source);
  } catch (err) {
    return `does not compile: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
  }
  const problem = problemIn(program as unknown as Node, options.html ?? false);
  return problem ? `${problem} (allowed: ${CAMPAIGN_VARIABLES.join(', ')})` : null;
}

/** Whether a template already links to the unsubscribe page (else the layout adds the link). */
export const usesUnsubscribeUrl = (source: string): boolean => /\{\{\{?\s*unsubscribeUrl\s*\}?\}\}/.test(source);

/** The first name of a display name ("Ada Lovelace" -> "Ada"). */
export const firstNameOf = (displayName: string): string => displayName.trim().split(/\s+/)[0] ?? '';

// ---- sending ----------------------------------------------------------------------------------

/** How many a run may still claim: the throttle minus what was claimed in the last minute. */
export const sendBudget = (throttlePerMinute: number, claimedLastMinute: number): number =>
  Math.max(0, throttlePerMinute - claimedLastMinute);

/** A failed send is tried again up to this many attempts, then the row is failed. */
export const MAX_SEND_ATTEMPTS = 3;
