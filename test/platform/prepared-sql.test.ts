import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, sql } from '../../src/platform/database.js';
import { startTestApp, type TestApp } from '../support/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const TEXT = 'SELECT $1::int * 2 AS doubled, $2::text AS label';
const preparedOnThisConnection = () =>
  sql<{ statement: string }>('SELECT statement FROM pg_prepared_statements WHERE statement = $1', [TEXT]);

describe('platform sql with prepare', () => {
  it('answers with each call’s own values, past the switch to a generic plan', async () => {
    for (let i = 0; i < 12; i++) {
      expect(await sql(TEXT, [i, `n${i}`], { prepare: true })).toEqual([{ doubled: i * 2, label: `n${i}` }]);
    }
  });

  it('prepares the statement on the connection it runs on, on PostgreSQL only (the embedded database shares one session)', async () => {
    await inTransaction(async () => {
      expect(await sql(TEXT, [21, 'in a transaction'], { prepare: true })).toEqual([{ doubled: 42, label: 'in a transaction' }]);
      expect(await preparedOnThisConnection()).toHaveLength(t.realPostgres ? 1 : 0);
    });
  });

  it('leaves a statement unprepared without the option', async () => {
    await inTransaction(async () => {
      await sql('SELECT $1::int + 1 AS next', [1]);
      expect(await sql('SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE $1', ['%$1::int + 1%'])).toEqual([
        { n: 0 },
      ]);
    });
  });
});
