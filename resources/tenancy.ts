import { flat, type ActionRequest, type ResourceWithOptions } from 'adminjs';
import { createWebsite, updateWebsite, Website } from '../src/tenancy/index.js';
import { allowRoles, formHandler, hiddenAction } from './actions.js';
import { navigation } from './navigation.js';
import { ScopedResource } from './scoped-resource.js';

/** Websites (brands): a superadmin's business only. Writes go through the tenancy service. */

const superadmin = allowRoles('superadmin');
const FIELDS = ['name', 'slug', 'domains', 'currency', 'timezone', 'settings', 'active'] as const;
const SETTINGS_OPTIONAL = ['logoUrl', 'supportEmail'] as const;

const bool = (v: unknown) => (v === true || v === 'true' ? true : v === false || v === 'false' || v === '' ? false : v);

/** AdminJS's flattened form (domains.0, settings.brandColor, 'true') -> the service's input. */
function websiteInput(request: ActionRequest): Record<string, unknown> {
  const raw = flat.unflatten(request.payload ?? {}) as Record<string, unknown>;
  const input: Record<string, unknown> = {};
  for (const key of FIELDS) if (raw[key] !== undefined) input[key] = raw[key];
  if (typeof input.domains === 'string') input.domains = input.domains.split(/[\s,]+/).filter(Boolean);
  if (input.active !== undefined) input.active = bool(input.active);
  if (input.settings && typeof input.settings === 'object') {
    const settings = { ...(input.settings as Record<string, unknown>) };
    if (settings.registrationOpen !== undefined) settings.registrationOpen = bool(settings.registrationOpen);
    for (const key of SETTINGS_OPTIONAL) if (settings[key] === '' || settings[key] === null) delete settings[key];
    input.settings = settings;
  }
  return input;
}

const editHandler = formHandler(
  async (actor, request, context) => (await updateWebsite(actor, Number(context.record!.id()), websiteInput(request))).id,
  'The website is saved',
);
const newHandler = formHandler(async (actor, request) => (await createWebsite(actor, websiteInput(request))).id, 'The website is created');

export function websitesResource(): ResourceWithOptions {
  return {
    resource: new ScopedResource(Website, {
      // Other staff may still see their own website's name where users reference it.
      scope: (admin) => (admin.role === 'superadmin' ? null : { id: admin.websiteId ?? 0 }),
      defaultSort: { sortBy: 'id', direction: 'asc' },
    }),
    options: {
      navigation: navigation.platform,
      listProperties: ['id', 'name', 'slug', 'domains', 'currency', 'active'],
      editProperties: ['name', 'slug', 'domains', 'currency', 'timezone', 'settings', 'active'],
      properties: {
        name: { isTitle: true },
        settings: { type: 'mixed' },
        'settings.brandColor': { type: 'string' },
        'settings.logoUrl': { type: 'string' },
        'settings.supportEmail': { type: 'string' },
        'settings.registrationOpen': { type: 'boolean' },
      },
      actions: {
        list: { isAccessible: superadmin },
        show: { isAccessible: superadmin },
        search: { isAccessible: superadmin },
        edit: { isAccessible: superadmin, handler: editHandler },
        new: { isAccessible: superadmin, handler: newHandler },
        // A website with users, orders and money is never deleted: deactivate it instead.
        delete: hiddenAction,
        bulkDelete: hiddenAction,
      },
    },
  };
}
