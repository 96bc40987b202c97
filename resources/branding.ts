import type { AdminJSOptions } from 'adminjs';

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

export const BRANDING: AdminJSOptions['branding'] = {
  companyName: 'Scriptorium',
  logo: svg(
    `<g>${MARK}</g><text x="42" y="23" font-family="Helvetica,Arial,sans-serif" font-size="19" font-weight="700" fill="#1f2937">Scriptorium</text>`,
    '0 0 170 32',
  ),
  favicon: svg(MARK, '0 0 32 32'),
  withMadeWithLove: false,
};

/**
 * Staff locale: English; a second language is another entry of `translations` (AdminJS's files).
 * Column labels come from the models (labels.ts), so every list and record page reads "Total",
 * "Client", "Single spacing (%)" rather than "Total Cents", "Client Id", "Single Spacing Bp".
 */
export const localeWith = (properties: Record<string, string>): AdminJSOptions['locale'] => ({
  language: 'en',
  availableLanguages: ['en'],
  translations: {
    en: {
      properties,
      // Action names AdminJS would spell from the code ("Export Csv").
      actions: { exportCsv: 'Export CSV' },
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
