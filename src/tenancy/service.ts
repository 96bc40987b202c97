import { Website } from './models.js';
import { websiteSettingsSchema, type WebsiteSettings } from './rules.js';

/** A website's settings with every default filled in. */
export function settingsOf(website: Pick<Website, 'settings'>): WebsiteSettings {
  return websiteSettingsSchema.parse(website.settings ?? {});
}

/** The settings of the website with this id (it must exist: ids come from rows that reference it). */
export async function settingsOfWebsite(websiteId: number): Promise<WebsiteSettings> {
  return settingsOf((await Website.findByPk(websiteId, { attributes: ['id', 'settings'] }))!);
}
