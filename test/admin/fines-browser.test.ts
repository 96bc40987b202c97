import { expect, it } from 'vitest';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { Fine } from '../../src/writers/fines/models.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { expectLedgerBalanced } from '../support/ledger.js';

describeInBrowser('Fines in a real browser', (session) => {
  it('support fines the writer from the order page (amounts shown first); an admin waives it from the Fines list', async () => {
    const { page, server } = session();
    const admin = await actorFor('admin@scriptorium.test');
    const order = await paidOrder(await actorFor('client@scriptorium.test'), { pages: 5, topic: 'Browser-fined essay on dunes' });
    const writer = await newWriter(order.websiteId);
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });

    await signInPage(session(), 'support@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/orders/records/${order.id}/show`);
      await page.getByTestId('action-issueFine').click();
      await page.getByTestId('fine-action').waitFor();
      // Quality on a $10.00 earning: 10 %, raised to its $5.00 minimum — shown before anything happens.
      await expect.poll(() => page.getByTestId('fine-amount-quality').textContent()).toMatch(/5\.00/);
      expect(await Fine.count({ where: { orderId: order.id } })).toBe(0);
      await page.getByTestId('fine-type-quality').check();
      await page.fill('#fine-reason', 'The sources are not cited');
      await page.getByTestId('fine-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The fine is issued').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-fines-issue.png' });
      throw err;
    }
    const fine = (await Fine.findOne({ where: { orderId: order.id } }))!;
    expect(fine).toMatchObject({ typeCode: 'quality', amountCents: 500, status: 'issued' });

    await page.goto(`${server.baseUrl}/admin/logout`);
    await signInPage(session(), 'admin@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/fines/records/${fine.id}/show`);
      await page.getByTestId('action-waive').click();
      await page.getByTestId('fine-action').waitFor();
      await page.fill('#fine-reason', 'First time');
      await page.getByTestId('fine-action-submit').click();
      await page.getByText('The fine is waived').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-fines-waive.png' });
      throw err;
    }
    await expect.poll(async () => (await fine.reload()).status).toBe('waived');
    expect(fine.refundedCents).toBe(500);
    await expectLedgerBalanced();
  }, 300_000);
});
