import { expect, it } from 'vitest';
import { actorFor, newClient, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

/** Issue 14's search: the box in the back office's top bar, the results page, a result opening its record. */
describeInBrowser('the back-office search in a real browser', (session) => {
  it('searches from the top bar of a back-office page and opens the order found', async () => {
    const { page, server } = session();
    const admin = await actorFor('admin@scriptorium.test');
    const client = await newClient(admin.websiteId!);
    const order = await paidOrder(client, { topic: 'Tectonic drift of the Iberian plate' });

    await signInPage(session(), 'admin@scriptorium.test');
    await page.goto(`${server.baseUrl}/admin/resources/orders`);
    const box = page.getByTestId('back-office-search');
    await box.waitFor();
    await box.fill('tectonic');
    await Promise.all([page.waitForURL(/\/admin\/search\?q=tectonic/), box.press('Enter')]);

    const results = page.getByTestId('search-results');
    await results.waitFor();
    const link = results.locator(`a[href="/admin/resources/orders/records/${order.id}/show"]`);
    expect(await link.innerText()).toContain(`Order ${order.number}`);
    // The page keeps the query in its own box, and its first result is the order.
    expect(await page.locator('main input[name="q"]').inputValue()).toBe('tectonic');
    await page.locator('main input[name="q"]').fill(order.number);
    await Promise.all([page.waitForURL(/q=/), page.locator('main form button').click()]);
    expect(await page.getByTestId('search-results').locator('li').first().getAttribute('data-type')).toBe('order');

    await Promise.all([page.waitForURL(new RegExp(`/admin/resources/orders/records/${order.id}/show`)), link.first().click()]);
    await page.getByText(order.number).first().waitFor();
  }, 120_000);
});
