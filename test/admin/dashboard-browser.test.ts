import { expect, it } from 'vitest';
import { clock } from '../../src/platform/clock.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { websiteBySlug } from './helpers.js';
import {
  insertHeldMessage,
  insertOrder,
  insertPayment,
  insertRefund,
  insertTicket,
  insertWriterRequest,
} from '../analytics/dashboard-fixtures.js';

/**
 * Issue 14's acceptance check: each dashboard queue link opens the filtered list whose count
 * matches. Rows are made for most queues; the admin opens the dashboard, clicks each queue, and
 * the list page's total (what its list request answered) and its rows equal the queue's count.
 */
describeInBrowser('the dashboard in a real browser', (session) => {
  it('each queue link opens the filtered list whose count matches', async () => {
    const { page, server } = session();
    const site = (await websiteBySlug('scriptorium-a')).id;
    const now = clock.now();
    for (let i = 0; i < 2; i++) await insertOrder(site, { status: 'ready_for_staffing' });
    for (let i = 0; i < 3; i++) await insertOrder(site, { status: 'in_progress', overdueAt: now });
    await insertOrder(site, { status: 'submitted', overdueAt: now }); // delivered since: not overdue
    await insertOrder(site, { status: 'disputed' });
    for (let i = 0; i < 2; i++) await insertOrder(site, { status: 'pending_cancellation' });
    const order = await insertOrder(site, { status: 'in_progress' });
    await insertRefund(site, order, { amountCents: 900 });
    for (let i = 0; i < 2; i++) await insertPayment(site, order, { amountCents: 1_500 });
    await insertHeldMessage(site, order);
    for (let i = 0; i < 2; i++) await insertTicket(site, { breached: true, status: 'assigned' });
    await insertTicket(site, { breached: true, status: 'closed' }); // no longer needs the team
    await insertWriterRequest(site, order);

    await signInPage(session(), 'admin@scriptorium.test');
    await page.getByTestId('dashboard-queues').waitFor();
    const keys = await page
      .locator('[data-testid^="queue-count-"]')
      .evaluateAll((nodes) => nodes.map((n) => (n.getAttribute('data-testid') ?? '').replace('queue-count-', '')));
    expect(keys.length).toBeGreaterThanOrEqual(11);
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, Number(await page.getByTestId(`queue-count-${key}`).textContent()));
    expect(Object.fromEntries(counts)).toMatchObject({ staffing: 2, overdue: 3, disputed: 1, cancellations: 2, slaBreaches: 2 });

    for (const key of keys) {
      await page.goto(`${server.baseUrl}/admin`);
      const link = page.getByTestId(`queue-${key}`);
      await link.waitFor();
      const listAnswer = page.waitForResponse((r) => r.url().includes('/actions/list') && r.request().method() === 'GET');
      await link.click();
      const answer = await listAnswer;
      const body = (await answer.json()) as { meta: { total: number }; records: unknown[] };
      expect(body.meta.total, `${key}: the list's total`).toBe(counts.get(key));
      // The rows the list page shows (every queue here is under a page of rows).
      const rows = page.locator('table tbody tr');
      if (counts.get(key)! > 0) await expect.poll(() => rows.count(), { message: `${key}: rows on the page` }).toBe(counts.get(key));
      else
        await page
          .getByText(/no records/i)
          .first()
          .waitFor();
    }
  }, 600_000);
});
