import type { Actor } from '../platform/actor.js';
import { hookPoint } from '../platform/hooks.js';
import type { Website } from './models.js';

/**
 * Extension points of the tenancy area, for areas above it (registered in src/wiring.ts). They run
 * inside the use case's transaction: a throw rolls the whole use case back.
 */

/** A website was just created (e.g. pricing gives it the default price list). */
export interface WebsiteCreatedEvent {
  actor: Actor;
  website: Website;
}

const websiteCreated = hookPoint<WebsiteCreatedEvent>();

export const websiteHooks = {
  onWebsiteCreated: websiteCreated.on,
  websiteCreated: websiteCreated.run,
};
