import { expect, it } from 'vitest';
import { EmailCampaign } from '../../src/notifications/campaigns/models.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

describeInBrowser('Email campaigns in a real browser', (session) => {
  it('an admin writes a campaign with the new form and schedules it in Chromium', async () => {
    const { page, server } = session();
    await signInPage(session(), 'admin@scriptorium.test');
    const at = new Date(Date.now() + 2 * 3_600_000);
    at.setUTCSeconds(0, 0);
    try {
      await page.goto(`${server.baseUrl}/admin/resources/email_campaigns/actions/new`);
      await page.locator('[id="name"]').fill('Browser winter news');
      await page.locator('[id="subject"]').fill('Winter news for {{firstName}}');
      await page.locator('[id="html"]').fill('<p>Hello {{name}}, warm wishes from {{brand.name}}.</p>');
      await page.locator('[id="audience"]').fill('{"role":"writer"}');
      await page.locator('[id="throttlePerMinute"]').fill('60');
      await page.getByTestId('button-save').click();
      await page.waitForURL(/\/resources\/email_campaigns\/records\/\d+\/show/, { waitUntil: 'commit', timeout: 20_000 });
      await page.getByText('The campaign is saved as a draft').waitFor();
      const campaign = (await EmailCampaign.findOne({ where: { name: 'Browser winter news' } }))!;
      expect(campaign).toMatchObject({ status: 'draft', throttlePerMinute: 60, subject: 'Winter news for {{firstName}}' });

      await page.getByTestId('action-schedule').click();
      await page.getByTestId('order-action').waitFor();
      await page.fill('#field-at', '2001-01-01T00:00:00Z');
      await page.getByTestId('order-action-submit').click();
      await page
        .getByText(/at is in the past/)
        .first()
        .waitFor();
      expect((await campaign.reload()).status).toBe('draft');

      await page.fill('#field-at', at.toISOString());
      await page.getByTestId('order-action-submit').click();
      await page.getByText('The campaign is scheduled').first().waitFor();
      await expect.poll(async () => (await campaign.reload()).status).toBe('scheduled');
      expect(campaign.scheduledAt?.toISOString()).toBe(at.toISOString());
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-email-campaigns.png' });
      throw err;
    }
  }, 300_000);
});
