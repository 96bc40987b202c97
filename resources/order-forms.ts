import { flat } from 'adminjs';
import { ValidationFailed } from '../src/platform/errors.js';

/**
 * The fields of the order action forms (rendered by the OrderAction / BulkOrderAction components
 * from `action.custom.fields`) and the parsing of what they post, form-encoded or JSON.
 */
export type FieldKind = 'reason' | 'text' | 'money' | 'select' | 'checkbox' | 'writer' | 'client';

export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: readonly string[];
  help?: string;
}

export type Payload = Record<string, unknown>;

export const payloadOf = (raw: unknown): Payload => flat.unflatten((raw ?? {}) as Record<string, unknown>) as Payload;

export function text(payload: Payload, name: string, required: boolean): string | null {
  const value = payload[name];
  const s = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  if (!s && required) throw ValidationFailed({ [name]: 'is required' }, `${name} is required`);
  if (s.length > 2000) throw ValidationFailed({ [name]: 'must be at most 2000 characters' });
  return s || null;
}

export function id(payload: Payload, name: string): number {
  const value = payload[name];
  const s = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,15}$/.test(s)) throw ValidationFailed({ [name]: 'is required' }, `Choose a ${name.replace(/Id$/, '')}`);
  return Number(s);
}

export const bool = (payload: Payload, name: string): boolean => {
  const value = payload[name];
  return value === true || value === 'true' || value === 'on' || value === '1';
};

/**
 * Money from a form: `<name>Cents` as whole cents, else `<name>` in units ("12.50" -> 1250).
 * Undefined when neither is given (the service's default applies).
 */
export function cents(payload: Payload, name: string): number | undefined {
  const whole = payload[`${name}Cents`];
  if (whole !== undefined && whole !== '') {
    const s = String(whole).trim();
    if (!/^\d{1,13}$/.test(s)) throw ValidationFailed({ [`${name}Cents`]: 'must be a whole number of cents' });
    return Number(s);
  }
  const units = payload[name];
  if (units === undefined || units === '') return undefined;
  const s = String(units).trim().replace(/,/g, '');
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(s);
  if (!match) throw ValidationFailed({ [name]: 'must be an amount like 12.50' });
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Record ids of a bulk request as asked (not only those found in scope: the others get "not found"). */
export function requestedIds(query: unknown): number[] {
  const raw = (query as { recordIds?: unknown } | undefined)?.recordIds;
  if (typeof raw !== 'string') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^\d{1,15}$/.test(s))
    .map(Number)
    .slice(0, 500);
}
