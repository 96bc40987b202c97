import { expect, it } from 'vitest';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { makeUser, reload, websiteBySlug } from './helpers.js';

describeInBrowser('back office in a real browser', (session) => {
  it('an admin signs in, sees the dashboard and suspends a user through the confirmation screen', async () => {
    const { page, server } = session();
    const siteA = (await websiteBySlug('scriptorium-a')).id;
    const target = await makeUser({ websiteId: siteA, role: 'client', displayName: 'Browser Target' });
    await signInPage(session(), 'admin@scriptorium.test');

    // The dashboard is our bundled component: its queues come from the database (test/admin/dashboard-browser.test.ts clicks them).
    await page
      .getByTestId('dashboard-queues')
      .waitFor()
      .catch(async (err) => {
        await page.screenshot({ path: '/tmp/admin-dashboard.png' });
        throw err;
      });

    // Users list -> the user's page -> Suspend -> confirmation with a reason.
    await page.goto(`${server.baseUrl}/admin/resources/users`);
    await page.getByText(target.email).first().click();
    await page.waitForURL(/\/records\/\d+\/show$/);
    await page.getByTestId('action-suspend').click();
    await page.getByTestId('confirm-action').waitFor();
    expect((await reload(target.id)).status).toBe('active'); // opening the screen changed nothing
    await page.fill('#confirm-reason', 'Suspended from the browser test');
    await page.getByTestId('confirm-action-submit').click();
    await page.waitForURL(/\/records\/\d+\/show$/);
    await page.getByText('The account is suspended').waitFor();
    await expect.poll(async () => (await reload(target.id)).status).toBe('suspended');
    expect((await reload(target.id)).statusReason).toBe('Suspended from the browser test');
  }, 300_000);
});
