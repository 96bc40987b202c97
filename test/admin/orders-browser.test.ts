import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { browserSkipReason, startBrowserSession, type BrowserSession } from '../support/browser.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { PASSWORD } from './helpers.js';
import { orderOf } from './orders-helpers.js';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[tests] browser test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('Orders in a real browser', () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ server, page } = session);
  });
  afterAll(() => session?.close());

  it('an admin assigns an order to a writer from the Orders list in Chromium', async () => {
    const order = await paidOrder(await actorFor('client@scriptorium.test'), { topic: 'Browser-assigned essay on tides' });
    const writer = await newWriter(order.websiteId);
    const registrationId = (await User.findByPk(writer.userId))!.registrationId;

    await page.goto(`${server.baseUrl}/admin/login`, { waitUntil: 'networkidle' });
    await page.fill('input[name="email"]', 'admin@scriptorium.test');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(`${server.baseUrl}/admin`, { waitUntil: 'commit' }), page.click('form button')]);

    try {
      // The Orders list (newest first) -> the paid order -> Assign.
      await page.goto(`${server.baseUrl}/admin/resources/orders`);
      await page.getByText(order.number, { exact: true }).first().click();
      await page.waitForURL(/\/resources\/orders\/records\/\d+\/show$/);
      await page.getByTestId('order-history').waitFor(); // price breakdown and timeline on the order page
      await page.getByTestId('action-assign').click();
      await page.getByTestId('order-action').waitFor();
      expect((await orderOf(order.id)).writerId).toBeNull(); // opening the screen changed nothing

      // Pick the writer in the picker (registration ID, pen name, load), then confirm.
      const option = page.getByTestId(`writer-option-${registrationId}`);
      await option.check();
      await page.getByTestId('order-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The order is assigned').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-orders-assign.png' });
      throw err;
    }
    await expect.poll(async () => (await orderOf(order.id)).writerId).toBe(writer.userId);
    expect((await orderOf(order.id)).status).toBe('pending_writer_acceptance');
    await expectLedgerBalanced();
  }, 300_000);
});
