import { ctx } from '../../platform/context.js';
import type { OutgoingEmail } from '../../platform/mailer.js';
import { settingsOf, type Website } from '../../tenancy/index.js';

/** The brand shown in a website's emails. Every field the layout reads is present (Handlebars runs strict). */
export function brandOf(website: Website): OutgoingEmail['brand'] {
  const settings = settingsOf(website);
  return { name: website.name, color: settings.brandColor, ...(settings.supportEmail ? { supportEmail: settings.supportEmail } : {}) };
}

const isLocalHost = (host: string) => host === 'localhost' || host.endsWith('.localhost') || /^[\d.]+$/.test(host) || host.includes(':');

/**
 * The portal's base URL for links in emails (password reset, welcome, orders), from configuration
 * only — never from the request's Host header, which whoever sends the request chooses. It is
 * the website's first domain over https; outside production, over http on this server's PORT
 * (a developer's machine has no TLS in front). A local-only domain (localhost, an IP) is replaced
 * by PUBLIC_URL when one is configured, since such a link is useless outside this machine.
 */
export function portalBaseUrl(website: Website): string {
  const { config } = ctx();
  const domain = website.domains[0];
  const publicUrl = config.PUBLIC_URL?.replace(/\/+$/, '');
  if (publicUrl && (!domain || isLocalHost(domain))) return publicUrl;
  const host = domain ?? 'localhost';
  if (config.NODE_ENV === 'production') return `https://${host}`;
  return `http://${host}${config.PORT === 80 ? '' : `:${config.PORT}`}`;
}

/**
 * Sends after the use case has committed; a mail failure is logged, never turned into a failed
 * request (the account or token exists either way).
 */
export async function sendSafely(email: OutgoingEmail): Promise<boolean> {
  const { mailer, logger } = ctx();
  try {
    await mailer.send(email);
    return true;
  } catch (err) {
    logger.error({ err, to: email.to, template: 'template' in email ? email.template : email.kind }, 'sending email failed');
    return false;
  }
}
