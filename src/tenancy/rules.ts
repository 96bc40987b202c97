import { z } from 'zod';

export { websiteSettingsSchema, type WebsiteSettings } from './settings.js';

/** Lower-cased host without port, as matched against a website's domains. */
export function normaliseHost(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  const host = hostHeader.trim().toLowerCase();
  // [::1]:3000 -> ::1; example.com:3000 -> example.com
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon > -1 && host.indexOf(':') === colon ? host.slice(0, colon) : host;
}

export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)*[a-z0-9-]+$|^\d{1,3}(\.\d{1,3}){3}$/, 'must be a host name like example.com');
