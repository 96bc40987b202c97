import { expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { expectLedgerBalanced } from '../support/ledger.js';
import { orderOf } from './orders-helpers.js';

describeInBrowser('Orders in a real browser', (session) => {
  it('an admin assigns an order to a writer from the Orders list in Chromium', async () => {
    const { page, server } = session();
    const order = await paidOrder(await actorFor('client@scriptorium.test'), { topic: 'Browser-assigned essay on tides' });
    const writer = await newWriter(order.websiteId);
    const registrationId = (await User.findByPk(writer.userId))!.registrationId;

    await signInPage(session(), 'admin@scriptorium.test');

    try {
      // The Orders list (newest first) -> the paid order -> Assign.
      await page.goto(`${server.baseUrl}/admin/resources/orders`);
      await page.getByText(order.number, { exact: true }).first().click();
      await page.waitForURL(/\/resources\/orders\/records\/\d+\/show$/);
      await page.getByTestId('order-cockpit').waitFor(); // the order at a glance (price, payments, files, messages, timeline)
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
