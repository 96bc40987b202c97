import { expect, it } from 'vitest';
import { describeInBrowser, signInPage } from '../support/browser.js';

/** Issue 14's look: the sign-in page, the sidebar and the page titles show the product, never AdminJS; the sidebar's groups follow the work. */
describeInBrowser('the back office’s brand in a real browser', (session) => {
  it('shows Scriptorium on the sign-in page, in the sidebar and the title, with its favicon; no AdminJS welcome', async () => {
    const { page, server } = session();
    await page.goto(`${server.baseUrl}/admin/login`);
    const login = await page.locator('body').innerText();
    expect(login).toContain('Scriptorium');
    expect(login).toContain('The back office of your writing service');
    expect(login).not.toMatch(/AdminJS|Welcome/);
    expect(await page.title()).toContain('Scriptorium');
    expect(await page.locator('link[rel~="icon"]').first().getAttribute('href')).toMatch(/^data:image\/svg\+xml/);

    await signInPage(session(), 'admin@scriptorium.test');
    // Staff of one website work under its name too.
    const logo = page.locator('img[alt*="Scriptorium"]').first();
    await logo.waitFor();
    const src = (await logo.getAttribute('src'))!;
    expect(src).toMatch(/^data:image\/svg\+xml/);
    expect(decodeURIComponent(src)).toContain('Scriptorium Essays');
    expect(await page.title()).toContain('Scriptorium');
    expect(await page.title()).toContain('Scriptorium Essays');
    const signedIn = await page.locator('body').innerText();
    expect(signedIn).not.toContain('AdminJS');
    // The sidebar is grouped by the work, not by table.
    for (const group of ['Orders', 'People', 'Money', 'Writers', 'Support', 'Content', 'Settings'])
      expect(await page.locator('[data-css="sidebar-resources"]').getByText(group, { exact: true }).count(), group).toBeGreaterThan(0);
  }, 120_000);
});
