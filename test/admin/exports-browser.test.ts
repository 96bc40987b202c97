import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

describeInBrowser('List exports in a real browser', (session) => {
  it('the Orders list’s Export CSV keeps the list’s filter, downloads with a row count and saves the file', async () => {
    const { page, server } = session();
    const client = await actorFor('client@scriptorium.test');
    const order = await paidOrder(client, { topic: 'Exported essay on glaciers' });
    await signInPage(session(), 'admin@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/orders?filters.topic=glaciers`);
      await expect.poll(() => page.getByTestId('action-exportCsv').textContent()).toContain('Export CSV');
      await page.getByTestId('action-exportCsv').click();
      const link = page.getByTestId('csv-export').getByRole('link', { name: 'Download CSV' });
      await expect.poll(() => link.getAttribute('href')).toBe('/admin/export/orders.csv?filters.topic=glaciers');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      await expect.poll(() => page.getByTestId('csv-export-progress').textContent()).toBe('Downloaded 1 rows.');
      expect(download.suggestedFilename()).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/);
      const text = await readFile((await download.path())!, 'utf8');
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(order.number);
      expect(lines[1]).toContain('Exported essay on glaciers');

      // The audit log's export refuses a bad period with the field named, on the page.
      await page.goto(`${server.baseUrl}/admin/resources/audit_logs?filters.createdAt~~from=not-a-date`);
      await page.getByTestId('action-exportCsv').click();
      await page.getByTestId('csv-export').getByRole('link', { name: 'Download CSV' }).click();
      await expect.poll(() => page.getByTestId('csv-export-progress').textContent()).toMatch(/createdAt must be a date/);
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-exports.png' });
      throw err;
    }
  }, 300_000);
});
