import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { browserSkipReason, startBrowserSession, type BrowserSession } from '../support/browser.js';
import { makeUser, PASSWORD, reload, websiteBySlug } from './helpers.js';

const skipReason = browserSkipReason();
if (skipReason) console.warn(`[tests] browser test skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('back office in a real browser', () => {
  let session: BrowserSession;
  let server: BrowserSession['server'];
  let page: Page;

  beforeAll(async () => {
    session = await startBrowserSession();
    ({ server, page } = session);
  });
  afterAll(() => session?.close());

  it('an admin signs in, sees the real figures and suspends a user through the confirmation screen', async () => {
    const siteA = (await websiteBySlug('scriptorium-a')).id;
    const target = await makeUser({ websiteId: siteA, role: 'client', displayName: 'Browser Target' });
    const total = await User.count({ where: { websiteId: siteA } });

    // Wait until React has taken over the server-rendered form, or the typed values are lost.
    await page.goto(`${server.baseUrl}/admin/login`, { waitUntil: 'networkidle' });
    await page.fill('input[name="email"]', 'admin@scriptorium.test');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(`${server.baseUrl}/admin`, { waitUntil: 'commit' }), page.click('form button')]);

    // The dashboard is our bundled component: its figures come from the database.
    const totalCell = page.getByTestId(`users-total-${siteA}`);
    await totalCell.waitFor().catch(async (err) => {
      await page.screenshot({ path: '/tmp/admin-dashboard.png' });
      throw err;
    });
    expect(await totalCell.textContent()).toBe(String(total));
    expect(await page.getByTestId(`role-${siteA}-client`).textContent()).toBe(String(await User.count({ where: { websiteId: siteA, role: 'client' } })));

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
