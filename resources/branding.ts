import type { AdminJSOptions, BrandingOptions, CurrentAdmin } from 'adminjs';
import { websiteFactsOf } from './website-facts.js';

/**
 * The back office's brand: the product's name and mark on the sign-in page, the sidebar and the
 * page titles (AdminJS's own welcome text and logo replaced), and its favicon. The mark is an
 * inline SVG, so nothing is fetched from elsewhere and nothing extra is served.
 */
const svg = (body: string, viewBox: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}">${body}</svg>`)}`;

const MARK =
  '<rect width="32" height="32" rx="7" fill="#4f46e5"/>' +
  '<path d="M22.5 7.5c-5 1-9.5 5.5-11.5 12.5l-1.5 5 1.2.4 1.6-3.6c4.2-.6 7.6-3.6 9-7.6-1.6.6-3 .8-4.3.7 2.4-1.3 4.3-3.9 5.5-7.4z" fill="#fff"/>';

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const wordmark = (title: string, subtitle: string | null) =>
  subtitle
    ? svg(
        `<g>${MARK}</g><text x="42" y="14" font-family="Helvetica,Arial,sans-serif" font-size="13" font-weight="700" fill="#1f2937">${escapeXml(title)}</text>` +
          `<text x="42" y="29" font-family="Helvetica,Arial,sans-serif" font-size="11" fill="#6b7280">${escapeXml(subtitle)}</text>`,
        '0 0 220 32',
      )
    : svg(
        `<g>${MARK}</g><text x="42" y="23" font-family="Helvetica,Arial,sans-serif" font-size="19" font-weight="700" fill="#1f2937">${escapeXml(title)}</text>`,
        '0 0 170 32',
      );

export const BRANDING: BrandingOptions = {
  companyName: 'Scriptorium',
  logo: wordmark('Scriptorium', null),
  favicon: svg(MARK, '0 0 32 32'),
  withMadeWithLove: false,
};

/**
 * Staff of one website work under its name: the sidebar's mark reads "Scriptorium" over the
 * website's name, and page titles carry it. The sign-in page (nobody known yet) and a superadmin
 * (every website) see the product alone.
 */
export async function brandingFor(admin?: CurrentAdmin): Promise<BrandingOptions> {
  const websiteId = Number((admin as { websiteId?: unknown } | undefined)?.websiteId);
  if (!admin || !Number.isFinite(websiteId) || websiteId <= 0) return BRANDING;
  const website = (await websiteFactsOf([websiteId])).get(websiteId);
  if (!website) return BRANDING;
  return { ...BRANDING, companyName: `${website.name} · Scriptorium`, logo: wordmark('Scriptorium', website.name) };
}

/**
 * Staff locale: English; a second language is another entry of `translations` (AdminJS's files).
 * Column labels come from the models (labels.ts), so every list and record page reads "Total",
 * "Client", "Single spacing" rather than "Total Cents", "Client Id", "Single Spacing Bp".
 */
export interface StaffWords {
  /** Column labels (`properties.<name>`). */
  properties: Record<string, string>;
  /** List names (`labels.<resource id>`). */
  labels: Record<string, string>;
  /** Custom action names (`actions.<name>`). */
  actions: Record<string, string>;
}

export const localeWith = ({ properties, labels, actions }: StaffWords): AdminJSOptions['locale'] => ({
  language: 'en',
  availableLanguages: ['en'],
  translations: {
    en: {
      properties,
      labels,
      actions,
      // Custom pages' names in the sidebar.
      pages: { support: 'Support dashboard', statements: 'Monthly statements' },
      components: {
        Login: {
          welcomeHeader: 'Scriptorium',
          welcomeMessage: 'The back office of your writing service: orders, writers, payments, support and content, in one place.',
          loginButton: 'Sign in',
        },
      },
    },
  },
});
