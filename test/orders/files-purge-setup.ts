import { QueryTypes } from 'sequelize';
import { OrderFile } from '../../src/orders/files/models.js';
import type { Order } from '../../src/orders/models.js';
import type { TestApp } from '../support/harness.js';
import { pdf } from './files-fixtures.js';
import { api, upload, type Person } from './files-setup.js';

export const DAY = 86_400_000;

/**
 * A file uploaded and deleted through the API by `who` (staff), its deletion then moved back
 * `daysAgo` days (null: left live, its upload moved back 60 days instead).
 */
export async function fileDeletedAgo(t: TestApp, who: Person, order: Order, daysAgo: number | null): Promise<OrderFile> {
  const { body } = await upload(t, who, order.id, 'admin', 'evidence.pdf', pdf(`purge-${Math.random()}`)).expect(201);
  if (daysAgo === null) {
    await t.context.sequelize.query(`UPDATE order_files SET created_at = now() - interval '60 days' WHERE id = $1`, {
      bind: [body.id],
      type: QueryTypes.UPDATE,
    });
  } else {
    await api(t, who, 'delete', `/orders/${order.id}/files/${body.id}`).expect(204);
    await t.context.sequelize.query('UPDATE order_files SET deleted_at = $2 WHERE id = $1', {
      bind: [body.id, new Date(Date.now() - daysAgo * DAY)],
      type: QueryTypes.UPDATE,
    });
  }
  return (await OrderFile.findByPk(body.id))!;
}
