import { expect, it } from 'vitest';
import { Refund } from '../../src/payments/refunds/models.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { actorFor } from '../orders/fixtures.js';
import { manuallyPaidOrder, type Who } from '../payments/refund-fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { expectLedgerBalanced, walletOf } from '../support/ledger.js';

describeInBrowser('Refunds in a real browser', (session) => {
  it("an admin approves a refund in Chromium and the client's wallet balance shows it", async () => {
    const { page, server } = session();
    const admin = (await actorFor('admin@scriptorium.test')) as Who;
    const client = (await actorFor('client@scriptorium.test')) as Who;
    const order = await manuallyPaidOrder(client, admin, 'Browser-refunded essay on glaciers');
    const refund = await requestRefund(admin, { orderId: order.id, amountCents: 1_575, destination: 'wallet', reason: 'Late delivery' });
    expect(await walletOf(client)).toBe(0);

    await signInPage(session(), 'admin@scriptorium.test');

    try {
      // The refunds queue -> the pending refund's page, with the client's wallet balance on it.
      await page.goto(`${server.baseUrl}/admin/resources/refunds?filters.status=pending`);
      const row = page.locator('tbody tr').filter({ has: page.locator(`a[href$="/resources/refunds/records/${refund.id}/show"]`) });
      await row.locator('td').nth(1).click();
      await page.waitForURL(/\/resources\/refunds\/records\/\d+\/show$/);
      await expect.poll(() => page.getByTestId('wallet-balance').textContent()).toMatch(/0\.00/);

      // Approve -> the confirmation screen (nothing changes yet) -> confirm.
      await page.getByTestId('action-approve').click();
      await page.getByTestId('confirm-action').waitFor();
      expect((await Refund.findByPk(refund.id))!.status).toBe('pending');
      await page.getByTestId('confirm-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The refund is approved').waitFor();
      await expect.poll(() => page.getByTestId('wallet-balance').textContent(), { timeout: 30_000 }).toMatch(/15\.75/);
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-refunds-approve.png' });
      throw err;
    }
    expect((await Refund.findByPk(refund.id))!.status).toBe('processed');
    expect(await walletOf(client)).toBe(1_575);
    await expectLedgerBalanced();
  }, 300_000);
});
