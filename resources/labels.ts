import type { ModelStatic, Model, Sequelize } from 'sequelize';

/**
 * Human labels for every column the back office shows, as AdminJS translations
 * (`properties.<name>`): AdminJS's default, startCase of the column, reads "Total Cents",
 * "Client Id", "Single Spacing Bp". Money columns (`…Cents`) are labelled by what they are worth,
 * references (`…Id`) by what they name, basis points (`…Bp`) as a percent; the words in sentence
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
  let suffix = '';
  const last = words.at(-1);
  if (words.length > 1 && last === 'cents') words = words.slice(0, -1);
  else if (words.length > 1 && last === 'bp') {
    words = words.slice(0, -1);
    suffix = ' (%)';
  } else if (words.length > 1 && last === 'id') words = words.slice(0, -1);
  else if (words.length > 1 && last === 'ids') words = [...words.slice(0, -1)].map((w, i, a) => (i === a.length - 1 ? `${w}s` : w));
  const text = words.map((w) => WORDS[w] ?? w).join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + suffix;
}

/** Every model column's label, keyed by its attribute name (one name, one label, across resources). */
export function propertyLabels(sequelize: Sequelize): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const model of Object.values(sequelize.models) as Array<ModelStatic<Model>>) {
    for (const name of Object.keys(model.getAttributes())) labels[name] ??= humanLabel(name);
  }
  return labels;
}
