import type { ModelStatic, Model, Sequelize } from 'sequelize';

/**
 * Human labels for every column the back office shows, as AdminJS translations
 * (`properties.<name>`): AdminJS's default, startCase of the column, reads "Total Cents",
 * "Client Id", "Single Spacing Bp". Money columns (`…Cents`) are labelled by what they are worth,
 * references (`…Id`) by what they name, basis points (`…Bp`) by what they scale (values.ts shows the
 * percent or ×factor); the words in sentence
 * case. A resource may still set its own label (`resources.<id>.properties.<name>`).
 */
const WORDS: Record<string, string> = {
  url: 'URL',
  ip: 'IP',
  id: 'ID',
  sla: 'SLA',
  csv: 'CSV',
  pdf: 'PDF',
  sms: 'SMS',
  api: 'API',
  totp: 'TOTP',
};

export function humanLabel(name: string): string {
  if (name === 'id') return 'ID';
  let words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
  const last = words.at(-1);
  if (words.length > 1 && last === 'cents') words = words.slice(0, -1);
  else if (words.length > 1 && last === 'bp') words = words.slice(0, -1);
  else if (words.length > 1 && last === 'id') words = words.slice(0, -1);
  else if (words.length > 1 && last === 'ids') words = [...words.slice(0, -1)].map((w, i, a) => (i === a.length - 1 ? `${w}s` : w));
  const text = words.map((w) => WORDS[w] ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every model column's label, keyed by its attribute name (one name, one label, across resources). */
export function propertyLabels(sequelize: Sequelize): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const model of Object.values(sequelize.models) as Array<ModelStatic<Model>>) {
    for (const name of Object.keys(model.getAttributes())) labels[name] ??= humanLabel(name);
  }
  return labels;
}

/**
 * How staff recognise a person where another record names them (an order's client and writer, a
 * ticket's requester): a writer by pen name, a client by registration ID and name, staff by name
 * and role; always with the registration ID, the one reference people quote to each other.
 */
export function userLabel(params: Record<string, unknown>): string {
  const id = String(params.registrationId ?? params.id ?? '');
  const name = String(params.displayName ?? '');
  switch (params.role) {
    case 'writer':
      return `${String(params.penName || name)} · ${id}`;
    case 'client':
      return `${id} · ${name}`;
    default:
      return `${name} · ${String(params.role ?? '')} · ${id}`;
  }
}

/**
 * Names of the back office's lists, as AdminJS translations (`labels.<resource id>`): the table
 * name in sentence case ("Order requests"), or what staff call the list where that differs.
 */
const RESOURCE_NAMES: Record<string, string> = {
  order_messages: 'Held messages',
  order_requests: "Writers' requests",
  audit_logs: 'Audit log',
  price_lists: 'Price lists',
  email_campaign_recipients: 'Campaign recipients',
  editor_performance: 'Editor performance',
  writer_payout_settings: 'Payout settings',
};

export const resourceLabels = (ids: readonly string[]): Record<string, string> =>
  Object.fromEntries(ids.map((id) => [id, RESOURCE_NAMES[id] ?? humanLabel(id)]));

/** AdminJS's own actions keep the words of its locale ("Create new", "Delete"…). */
const BUILT_IN_ACTIONS = new Set(['new', 'edit', 'show', 'delete', 'list', 'search', 'bulkDelete']);

/** Our custom actions' names in sentence case ("Issue fine", "Mark paid"), as `actions.<name>` translations. */
export const actionLabels = (names: readonly string[]): Record<string, string> =>
  Object.fromEntries(names.filter((name) => !BUILT_IN_ACTIONS.has(name)).map((name) => [name, humanLabel(name)]));
