import { createHmac, timingSafeEqual } from 'node:crypto';
import Handlebars from 'handlebars';
import { ctx } from '../../platform/context.js';
import { renderInLayout } from '../../platform/templates.js';
import { firstNameOf, usesUnsubscribeUrl } from './rules.js';

/**
 * A campaign's email: its subject and HTML compiled strictly (rules.ts checked them at save), the
 * body wrapped in the default layout with an unsubscribe link (the template's own, or one the
 * layout adds), a plain-text twin, and the signed unsubscribe token its links and headers carry.
 */
export interface Brand {
  name: string;
  color?: string;
  supportEmail?: string;
}

export interface CampaignRecipientFacts {
  email: string;
  displayName: string;
  unsubscribeUrl: string;
}

export interface RenderedCampaignEmail {
  subject: string;
  html: string;
  text: string;
}

const hbs = Handlebars.create();

const UNSUBSCRIBE_LINE =
  '<p style="margin-top:24px;font-size:12px;color:#6b7280;">You receive our news because you have an account with {{brand.name}}. ' +
  '<a href="{{unsubscribeUrl}}">Unsubscribe</a></p>';

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<(br|\/p|\/div|\/h\d|\/li|\/tr)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

/** Compiles a campaign once for a batch; `render` gives one recipient's email. */
export function compileCampaign(source: { subject: string; html: string }, brand: Brand, websiteName: string) {
  const subject = hbs.compile(source.subject, { strict: true, noEscape: true });
  const body = hbs.compile(usesUnsubscribeUrl(source.html) ? source.html : `${source.html}\n${UNSUBSCRIBE_LINE}`, { strict: true });
  return (recipient: CampaignRecipientFacts): RenderedCampaignEmail => {
    const data = {
      unsubscribeUrl: recipient.unsubscribeUrl,
      firstName: firstNameOf(recipient.displayName),
      name: recipient.displayName,
      websiteName,
      brand: { supportEmail: '', color: '#4f46e5', ...brand },
    };
    const html = body(data);
    const text = `${htmlToText(html)}\n`; // the unsubscribe link is in the body (the template's or the one added)
    return { subject: subject(data).replace(/\s+/g, ' ').trim(), html: renderInLayout(html, brand), text };
  };
}

/** Renders with sample data: a template that compiles but fails at render is refused at save. */
export function renderSample(source: { subject: string; html: string }): string | null {
  try {
    compileCampaign(
      source,
      { name: 'Sample', color: '#4f46e5', supportEmail: 'help@example.test' },
      'Sample',
    )({
      email: 'sample@example.test',
      displayName: 'Sam Sample',
      unsubscribeUrl: 'https://example.test/unsubscribe',
    });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0]! : String(err);
  }
}

// ---- the unsubscribe token ---------------------------------------------------------------------

export interface UnsubscribeClaim {
  /** Website, address, and (for the record) the user and campaign the email was for. */
  websiteId: number;
  email: string;
  userId: number | null;
  campaignId: number | null;
}

/** A key of its own, derived from the app secret (a token for one purpose is never valid for another). */
const key = () => createHmac('sha256', ctx().config.JWT_SECRET).update('email-unsubscribe/v1').digest();
const sign = (body: string) => createHmac('sha256', key()).update(body).digest('base64url');

/**
 * A signed, non-expiring token (an unsubscribe link must keep working in an old email): the claim
 * as base64url JSON, a dot, its HMAC-SHA256.
 */
export function unsubscribeToken(claim: UnsubscribeClaim): string {
  const body = Buffer.from(JSON.stringify({ w: claim.websiteId, e: claim.email, u: claim.userId, c: claim.campaignId })).toString(
    'base64url',
  );
  return `${body}.${sign(body)}`;
}

/** The claim of a genuine token, or null (malformed, tampered, signed with another secret). */
export function verifyUnsubscribeToken(token: string): UnsubscribeClaim | null {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined || !/^[A-Za-z0-9_-]+$/.test(body)) return null;
  const expected = Buffer.from(sign(body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (!Number.isSafeInteger(v.w) || typeof v.e !== 'string' || !v.e) return null;
    return {
      websiteId: v.w as number,
      email: v.e,
      userId: Number.isSafeInteger(v.u) ? (v.u as number) : null,
      campaignId: Number.isSafeInteger(v.c) ? (v.c as number) : null,
    };
  } catch {
    return null;
  }
}
