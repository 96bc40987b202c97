import { expect, it } from 'vitest';
import { User } from '../../src/identity/index.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

/**
 * The "Statements" page in Chromium: an admin picks a month and gets the link to their website's
 * PDF; the PDF route answers it. (The figures, the PDF and the refusals: test/analytics/statements.test.ts.)
 */
describeInBrowser('The monthly statement page in a real browser', (session) => {
  it('an admin picks a month and downloads the PDF of their website', async () => {
    const { page, server } = session();
    const admin = (await User.findOne({ where: { email: 'admin@scriptorium.test' } }))!;
    await page.setViewportSize({ width: 1600, height: 1200 });
    await signInPage(session(), 'admin@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/pages/statements`);
      await page.getByTestId('statements-page').waitFor({ timeout: 30_000 });
      await page.locator('#statement-month').fill('2026-11');
      const link = page.getByRole('link', { name: 'Download PDF' });
      expect(await link.getAttribute('href')).toBe(`/admin/statements/${admin.websiteId}/2026-11.pdf`);
      const answer = await page.request.get(`${server.baseUrl}/admin/statements/${admin.websiteId}/2026-11.pdf`);
      expect(answer.status()).toBe(200);
      expect(answer.headers()['content-type']).toBe('application/pdf');
      expect((await answer.body()).subarray(0, 5).toString()).toBe('%PDF-');
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-statements.png' });
      throw err;
    }
  }, 240_000);
});
