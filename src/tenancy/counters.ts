import { QueryTypes } from 'sequelize';
import { getSequelize } from '../platform/database.js';

/**
 * The next value of a per-website counter (order numbers, later invoices and tickets). The upsert
 * takes the row lock, so concurrent callers get distinct, gap-free values inside their transactions.
 */
export async function nextCounterValue(websiteId: number, name: string, firstValue: number): Promise<number> {
  const rows = await getSequelize().query<{ value: number }>(
    `INSERT INTO website_counters (website_id, name, value) VALUES ($1, $2, $3)
     ON CONFLICT (website_id, name) DO UPDATE SET value = website_counters.value + 1
     RETURNING value`,
    { bind: [websiteId, name, firstValue], type: QueryTypes.SELECT },
  );
  return Number(rows[0]!.value);
}
