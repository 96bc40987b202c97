import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Refund } from '../../src/payments/refunds/models.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { actorFor } from '../orders/fixtures.js';
import { manuallyPaidOrder, type Who } from '../payments/refund-fixtures.js';
import { browserSkipReason, startBrowserSession, type BrowserSession } from '../support/browser.js';
import { expectLedgerBalanced, walletOf } from '../support/ledger.js';
import { PASSWORD } from './helpers.js';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[tests] browser test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('Refunds in a real browser', () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ server, page } = session);
  });
  afterAll(() => session?.close());

  it('an admin approves a refund in Chromium and the client\'s wallet balance shows it', async () => {
    const admin = (await actorFor('admin@scriptorium.test')) as Who;
    const client = (await actorFor('client@scriptorium.test')) as Who;
    const order = await manuallyPaidOrder(client, admin, 'Browser-refunded essay on glaciers');
    const refund = await requestRefund(admin, { orderId: order.id, amountCents: 1_575, destination: 'wallet', reason: 'Late delivery' });
    expect(await walletOf(client)).toBe(0);

    await page.goto(`${server.baseUrl}/admin/login`, { waitUntil: 'networkidle' });
    await page.fill('input[name="email"]', 'admin@scriptorium.test');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(`${server.baseUrl}/admin`, { waitUntil: 'commit' }), page.click('form button')]);

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
