import { expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { approveOrder } from '../../src/orders/service/client-actions.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { matureEarnings } from '../../src/writers/index.js';
import { WriterEarning } from '../../src/writers/models.js';
import { buildDuePayouts, Payout } from '../../src/writers/payouts/index.js';
import { actorFor, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { expectLedgerBalanced } from '../support/ledger.js';

const DAY = 86_400_000;

describeInBrowser('Payouts in a real browser', (session) => {
  it('an admin exports the filtered list, reads a batch’s lines and marks it paid with reference and method', async () => {
    const { page, server } = session();
    const client = await actorFor('client@scriptorium.test');
    const admin = await actorFor('admin@scriptorium.test');
    const writer = (await User.findOne({ where: { email: 'writer@scriptorium.test' } }))!;
    // A 5-page order approved and matured, then the schedule's next period over: one batch of one line.
    const order = await paidOrder(client, { pages: 5, topic: 'Browser-paid essay on tides' });
    await assignWriter(admin, order.id, { writerId: writer.id, autoAccept: true });
    await inTransaction(() => order.reload().then((o) => o.update({ status: 'submitted', deliveredAt: clock.now() })));
    await approveOrder(client, order.id);
    const earning = (await WriterEarning.findOne({ where: { orderId: order.id } }))!;
    await matureEarnings(earning.maturesAt);
    clock.travel(40 * DAY);
    try {
      expect((await buildDuePayouts()).batches).toBe(1);
    } finally {
      clock.reset();
    }
    const payout = (await Payout.findOne({ where: { writerId: writer.id } }))!;
    expect(payout).toMatchObject({ status: 'pending', lineCount: 1, totalCents: 1000 });

    await signInPage(session(), 'admin@scriptorium.test');
    try {
      // The list filtered to pending batches; its CSV export keeps the filter and holds the batch.
      await page.goto(`${server.baseUrl}/admin/resources/payouts?filters.status=pending`);
      await page.getByTestId('action-exportCsv').click();
      const link = page.getByTestId('csv-export').getByRole('link', { name: 'Download CSV' });
      await expect.poll(() => link.getAttribute('href')).toBe('/admin/payouts.csv?filters.status=pending');
      const csv = await page.request.get(`${server.baseUrl}/admin/payouts.csv?filters.status=pending`);
      expect(csv.status()).toBe(200);
      const rows = (await csv.text()).trim().split('\n');
      expect(rows.length).toBe(2);
      expect(rows[1]).toContain(String(payout.id));

      // The record page lists the batch's line; mark paid asks for the reference and method.
      await page.goto(`${server.baseUrl}/admin/resources/payouts/records/${payout.id}/show`);
      await page.getByTestId('payout-lines').getByRole('cell', { name: 'earning', exact: true }).waitFor();
      await page.getByTestId('action-markPaid').click();
      await expect.poll(() => page.getByTestId('payout-mark-paid-total').textContent()).toMatch(/10\.00/);
      await page.fill('#field-reference', 'BANK-2026-12-0042');
      await page.selectOption('#field-method', 'bank_transfer');
      await page.getByTestId('payout-mark-paid-submit').click();
      await page.getByText('The payout is marked paid').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-payouts.png' });
      throw err;
    }
    await payout.reload();
    expect(payout).toMatchObject({ status: 'paid', paymentReference: 'BANK-2026-12-0042', paymentMethod: 'bank_transfer' });
    await expectLedgerBalanced();
  }, 300_000);
});
