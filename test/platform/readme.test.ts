import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/index.js';
import { demoAccounts, DEMO_PASSWORD } from '../../seeders/demo.js';

/** The README's claims that can drift from the code: its configuration table and demo accounts. */
const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const rows = new Map([...readme.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const));

/** How the README shows a default: `value`, — for none, prose for the development-only secrets. */
function shownDefault(name: string, value: unknown): string | RegExp {
  if (value === undefined) return '—';
  if (name.endsWith('_SECRET')) return /development value/;
  return `\`${String(value)}\``;
}

describe('README', () => {
  it('lists only real configuration variables, each with its true default', () => {
    const shape = configSchema.shape as Record<string, { safeParse(v: unknown): { data?: unknown } }>;
    expect(rows.size).toBeGreaterThan(10);
    for (const [name, shown] of rows) {
      expect(shape[name], `README lists ${name}, which config/index.ts does not have`).toBeDefined();
      const expected = shownDefault(name, shape[name]!.safeParse(undefined).data);
      if (expected instanceof RegExp) expect(shown, name).toMatch(expected);
      else expect(shown, name).toBe(expected);
    }
    const missing = Object.keys(shape).filter((name) => !rows.has(name));
    if (missing.length) console.warn(`[README] configuration table lacks: ${missing.join(', ')}`);
  });

  it('names the demo accounts and their password', () => {
    expect(readme).toContain(`**\`${DEMO_PASSWORD}\`**`);
    for (const account of demoAccounts().filter((a) => a.role === 'client' || a.role === 'admin' || a.role === 'superadmin')) {
      expect(readme).toContain(account.email);
    }
  });
});
