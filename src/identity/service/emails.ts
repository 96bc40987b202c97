import { ctx } from '../../platform/context.js';
import type { OutgoingEmail } from '../../platform/mailer.js';
import { normaliseHost, settingsOf, type Website } from '../../tenancy/index.js';

/** The brand shown in a website's emails. Every field the layout reads is present (Handlebars runs strict). */
export function brandOf(website: Website): OutgoingEmail['brand'] {
  const settings = settingsOf(website);
  return { name: website.name, color: settings.brandColor, ...(settings.supportEmail ? { supportEmail: settings.supportEmail } : {}) };
}

/** How the request reached us: used to build links back to the same portal. */
export interface RequestOrigin {
  protocol: string;
  host: string | undefined;
}

const isLocalHost = (host: string) => host === 'localhost' || host.endsWith('.localhost') || /^[\d.]+$/.test(host) || host.includes(':');

/**
 * The portal's base URL for links in emails: the website's first domain, with the protocol and
 * port the request came in on. A local-only domain (localhost, an IP) is replaced by PUBLIC_URL
 * when one is configured, since such a link is useless outside this machine.
 */
export function portalBaseUrl(website: Website, origin: RequestOrigin): string {
  const domain = website.domains[0];
  const publicUrl = ctx().config.PUBLIC_URL?.replace(/\/+$/, '');
  if (publicUrl && (!domain || isLocalHost(domain))) return publicUrl;
  const requestHost = origin.host ?? '';
  const port = /:(\d+)$/.exec(requestHost)?.[1];
  const host = domain ?? normaliseHost(requestHost) ?? 'localhost';
  const protocol = origin.protocol === 'https' ? 'https' : 'http';
  const defaultPort = protocol === 'https' ? '443' : '80';
  return `${protocol}://${host}${port && port !== defaultPort ? `:${port}` : ''}`;
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
    logger.error({ err, to: email.to, template: email.template }, 'sending email failed');
    return false;
  }
}
