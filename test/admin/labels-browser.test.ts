import { expect, it } from 'vitest';
import { sql } from '../../src/platform/database.js';
import { humanLabel } from '../../resources/labels.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

/**
 * Issue 14's language: no list or record page of orders, users, payments, price lists or the ledger
 * shows a column label ending in "Cents", "Bp" or "Id" (AdminJS's default startCase of the column).
 */
const RAW_LABEL = /\b[A-Z][a-z]+(?: [A-Z][a-z0-9]+)* (?:Cents|Bp|Id)\b/;

it('labels columns by what they are: money by its worth, references by what they name, basis points as percent', () => {
  expect(humanLabel('totalCents')).toBe('Total');
  expect(humanLabel('clientId')).toBe('Client');
  expect(humanLabel('singleSpacingBp')).toBe('Single spacing');
  expect(humanLabel('basePerPageCents')).toBe('Base per page');
  expect(humanLabel('avatarUrl')).toBe('Avatar URL');
  expect(humanLabel('id')).toBe('ID');
});

describeInBrowser('labels in a real browser', (session) => {
  it('no list or record page of orders, users, payments, price lists or ledger shows a raw column label', async () => {
    const { page, server } = session();
    // An order paid from the wallet: orders, payments and the ledger have rows to show.
    await paidOrder(await actorFor('client@scriptorium.test'), { pages: 2 });
    await signInPage(session(), 'superadmin@scriptorium.test');
    const resources = ['orders', 'users', 'payments', 'price_lists', 'price_options', 'ledger_accounts', 'ledger_transactions'];
    const found: string[] = [];
    for (const resource of resources) {
      await page.goto(`${server.baseUrl}/admin/resources/${resource}`);
      await page
        .locator('table')
        .or(page.getByText(/no records/i))
        .first()
        .waitFor({ timeout: 15_000 });
      const listText = await page.locator('main, body').first().innerText();
      const listHit = RAW_LABEL.exec(listText);
      if (listHit) found.push(`${resource} list: ${listHit[0]}`);
      const [row] = await sql<{ id: number }>(`SELECT id FROM ${resource} ORDER BY id LIMIT 1`, []);
      if (!row) continue;
      await page.goto(`${server.baseUrl}/admin/resources/${resource}/records/${row.id}/show`);
      await page.locator('label').first().waitFor({ timeout: 15_000 });
      const showText = await page.locator('body').innerText();
      const showHit = RAW_LABEL.exec(showText);
      if (showHit) found.push(`${resource} record: ${showHit[0]}`);
    }
    expect(found).toEqual([]);
  }, 180_000);
});
