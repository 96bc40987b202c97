import { expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { actorFor } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { expectLedgerBalanced, fundWallet, walletOf } from '../support/ledger.js';

describeInBrowser('Ledger adjustments in a real browser', (session) => {
  it('an admin adjusts a wallet in Chromium: a refused amount stays on the form, a valid one is posted once', async () => {
    const { page, server } = session();
    const client = (await actorFor('client@scriptorium.test')) as { userId: number; websiteId: number };
    const topUp = await fundWallet(client.websiteId, client.userId, 1_000);
    const walletId = topUp.entries.find((e) => e.account.kind === 'client_wallet')!.accountId;
    const before = await walletOf(client);

    await signInPage(session(), 'admin@scriptorium.test');
    try {
      // The account's page -> Adjust (opening the form changes nothing).
      await page.goto(`${server.baseUrl}/admin/resources/ledger_accounts/records/${walletId}/show`);
      await page.getByTestId('action-adjust').click();
      await page.getByTestId('ledger-adjust').waitFor();
      expect(await walletOf(client)).toBe(before);

      // More than the wallet holds: the ledger refuses, the message stays on the form.
      await page.fill('#adjust-amount', String(-(before + 1)));
      await page.fill('#adjust-reason', 'Chargeback from the browser test');
      await page.getByTestId('ledger-adjust-submit').click();
      await page.getByTestId('ledger-adjust').getByText('Insufficient funds').first().waitFor();
      expect(page.url()).toMatch(/\/adjust$/);
      expect(await walletOf(client)).toBe(before);

      await page.fill('#adjust-amount', '-250');
      await page.getByText(/New balance/).waitFor();
      await page.getByTestId('ledger-adjust-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The adjustment is posted').waitFor();
      // The account's page lists its entries (LedgerLines, through the lines action): the top-up and the adjustment.
      const lines = page.getByTestId('ledger-lines');
      await lines.locator('tbody tr').nth(1).waitFor();
      expect(await lines.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-ledger-adjust.png' });
      throw err;
    }
    expect(await walletOf(client)).toBe(before - 250);
    expect(await AuditLog.count({ where: { action: 'ledger.adjust', targetId: String(walletId) } })).toBe(1);
    await expectLedgerBalanced();
  }, 300_000);
});
