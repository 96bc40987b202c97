import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/platform/database.js';
import { isoOfTimestamp } from '../../src/platform/iso-timestamp.js';
import { startTestApp, type TestApp } from '../support/harness.js';

/**
 * The read models' shortcut from a timestamp PostgreSQL prints to its ISO string must give exactly
 * what reading the column as a timestamptz (pg's parser) and calling toISOString gives, for every
 * shape PostgreSQL prints: fractions of 0 to 6 digits, trailing zeros dropped, and the values that
 * take the slow path.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const SAMPLES = [
  '2026-11-26 04:18:36+00',
  '2026-11-26 04:18:36.1+00',
  '2026-11-26 04:18:36.12+00',
  '2026-11-26 04:18:36.123+00',
  '2026-11-26 04:18:36.1234+00',
  '2026-11-26 04:18:36.10848+00',
  '2026-11-26 04:18:36.999999+00',
  '2000-02-29 23:59:59.9995+00',
  '1970-01-01 00:00:00+00',
  '0099-12-31 23:59:59.5+00',
  '12000-01-01 00:00:00+00',
];

describe('isoOfTimestamp', () => {
  it("gives Date#toISOString of pg's own parse for every shape PostgreSQL prints", async () => {
    const rows = await sql<{ text: string; value: Date }>('SELECT v::text AS text, v AS value FROM unnest($1::timestamptz[]) AS v', [
      SAMPLES,
    ]);
    expect(rows).toHaveLength(SAMPLES.length);
    for (const { text, value } of rows) expect(isoOfTimestamp(text)).toBe(value.toISOString());
  });

  it('agrees on random instants across the years, to the microsecond', async () => {
    const rows = await sql<{ text: string; value: Date }>(
      `SELECT v::text AS text, v AS value FROM (
         SELECT timestamptz '1900-01-01 00:00:00+00' + random() * interval '300 years' AS v FROM generate_series(1, 2000)
       ) x`,
      [],
    );
    for (const { text, value } of rows) expect(isoOfTimestamp(text)).toBe(value.toISOString());
  });

  it('keeps null a null', () => {
    expect(isoOfTimestamp(null)).toBeNull();
  });
});
