import request from 'supertest';
import { expect, it } from 'vitest';
import { seedDemoReviews } from '../../seeders/demo-reviews.js';
import { Review } from '../../src/reviews/models.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

const PENDING_TEXT = 'The paper followed my outline closely.';

describeInBrowser('The reviews moderation queue in a real browser', (session) => {
  it('the demo fills the queue (pending and flagged first); support approves a pending review in Chromium and it is public', async () => {
    const { page, server, t } = session();
    expect(await seedDemoReviews()).toEqual({ reviews: 8 });
    expect(await seedDemoReviews()).toEqual({ reviews: 0 });
    const pending = (await Review.findOne({ where: { text: PENDING_TEXT, status: 'pending' }, order: [['id', 'ASC']] }))!;
    expect(await Review.count({ where: { websiteId: pending.websiteId, status: 'flagged', signals: ['contact' as const] } })).toBe(1);

    await signInPage(session(), 'support@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/reviews`);
      // The queue: the waiting reviews (pending and flagged) come before the approved ones.
      await page.getByText(PENDING_TEXT).first().waitFor();
      const rows = await page.locator('tbody tr').allInnerTexts();
      const firstApproved = rows.findIndex((r) => /\bapproved\b/i.test(r));
      const lastWaiting = rows.map((r) => /\b(pending|flagged)\b/i.test(r)).lastIndexOf(true);
      expect(lastWaiting, rows.join(' | ')).toBeGreaterThanOrEqual(1);
      expect(firstApproved).toBeGreaterThan(lastWaiting);

      await page.goto(`${server.baseUrl}/admin/resources/reviews/records/${pending.id}/show`);
      await page.getByTestId('action-approve').click();
      await page.getByTestId('confirm-action').waitFor();
      expect((await pending.reload()).status).toBe('pending');
      await page.getByTestId('confirm-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The review is approved').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-reviews-approve.png' });
      throw err;
    }
    await expect.poll(async () => (await pending.reload()).status).toBe('approved');
    const list = await request(t.app).get('/api/v1/public/reviews').set('Host', 'localhost').expect(200);
    expect(list.body.items.map((r: { id: number }) => r.id)).toContain(pending.id);
  }, 300_000);
});
