import type { BaseProperty, PropertyOptions, ResourceWithOptions } from 'adminjs';
import { OrderComponents } from './components/orders.js';
import { ValueComponents } from './components/values.js';

/**
 * Values as staff read them, on every resource at once (issue 14): money columns (`…Cents`) in the
 * website's currency, basis points (`…Bp`) as a percent or a ×factor, dates and moments in the
 * staff member's timezone, statuses and priorities as badges coloured by meaning. Only the list
 * and record views change; filters and forms keep AdminJS's own inputs. A resource that gives a
 * property its own list or show component keeps it.
 */
const BADGE_PROPERTY = /^(status|priority|previousStatus|toStatus|fromStatus|outcome|state)$/;

function componentFor(property: BaseProperty): string | null {
  const name = property.name();
  const type = property.type();
  if (/Cents$/.test(name) && type === 'number') return OrderComponents.Money;
  if (/Bp$/.test(name) && type === 'number') return ValueComponents.Basis;
  if (type === 'datetime' || type === 'date') return ValueComponents.DateTime;
  if (BADGE_PROPERTY.test(name) && property.availableValues()?.length) return ValueComponents.StatusBadge;
  return null;
}

export function withReadableValues(resources: ResourceWithOptions[]): ResourceWithOptions[] {
  return resources.map(({ resource, options }) => {
    const properties: Record<string, PropertyOptions> = { ...(options.properties ?? {}) };
    for (const property of (resource as { properties(): BaseProperty[] }).properties()) {
      const component = componentFor(property);
      if (!component) continue;
      const own = properties[property.name()] ?? {};
      if (own.reference) continue;
      properties[property.name()] = { ...own, components: { list: component, show: component, ...(own.components ?? {}) } };
    }
    return { resource, options: { ...options, properties } };
  });
}
