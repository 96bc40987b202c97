/** The tenancy area's public module: code outside src/tenancy/ imports from here only (docs/ARCHITECTURE.md). */
export { nextCounterValue } from './counters.js';
export { resolveTenant } from './middleware.js';
export { initTenancyModels, Website } from './models.js';
export { normaliseHost } from './rules.js';
export { clearWebsiteCache, findWebsiteByHost } from './read-models/website-by-host.js';
export { settingsOf, settingsOfWebsite } from './service.js';
export { createWebsite, updateWebsite } from './service/manage-websites.js';
export { websiteHooks } from './hooks.js';
export type { WebsiteCreatedEvent } from './hooks.js';
export { registerSettingsSection, settingsSection, type WebsiteSettings } from './settings.js';
