import { expect, it } from 'vitest';
import { Order, WriterRequest } from '../../src/orders/models.js';
import { requestOrder } from '../../src/orders/service/writer-actions.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { expectLedgerBalanced } from '../support/ledger.js';

describeInBrowser('The requests queue in a real browser', (session) => {
  it("an admin sees a writer's request on the order page and approves it from the queue in Chromium", async () => {
    const { page, server } = session();
    const order = await paidOrder(await actorFor('client@scriptorium.test'), { topic: 'Browser-requested essay on comets' });
    const writer = await newWriter(order.websiteId);
    const request = await requestOrder(writer, order.id, 'Astronomy is my field');

    await signInPage(session(), 'admin@scriptorium.test');
    try {
      // The order page lists the request with the writer's load; its link opens the request in the queue.
      await page.goto(`${server.baseUrl}/admin/resources/orders/records/${order.id}/show`);
      const onPage = page.getByTestId('order-requests');
      await onPage.waitFor();
      await onPage.getByText('Astronomy is my field').waitFor();
      await onPage.getByText('open — decide').click();
      await page.waitForURL(new RegExp(`/resources/order_requests/records/${request.id}/show$`));

      // Approve -> the confirmation screen (nothing changes yet) -> confirm.
      await page.getByTestId('action-approve').click();
      await page.getByTestId('confirm-action').waitFor();
      expect((await Order.findByPk(order.id))!.writerId).toBeNull();
      await page.getByTestId('confirm-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The request is approved').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-order-requests-approve.png' });
      throw err;
    }
    await expect.poll(async () => (await Order.findByPk(order.id))!.writerId).toBe(writer.userId);
    expect((await WriterRequest.findByPk(request.id))!.status).toBe('accepted');
    await expectLedgerBalanced();
  }, 300_000);
});
