import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import { expect, it } from 'vitest';
import { describeInBrowser, signInPage } from '../support/browser.js';

/**
 * The job monitor in Chromium: a superadmin follows the sidebar's link to Agendash, whose page
 * runs under its own CSP and lists the job store's jobs; an admin has no link and is refused.
 */
const JOB = 'test.browser-visible';

describeInBrowser('The job monitor in a real browser', (session) => {
  it('a superadmin opens Agendash from the sidebar and sees the queued job; an admin has no link and gets a 403', async () => {
    const { page, server, t } = session();
    // A job queued on the store by a process that does not run it.
    const backend = new PostgresBackend({ poolConfig: { connectionString: t.context.databaseUrl, max: 1 }, disableNotifications: true });
    const store = new Agenda({ backend });
    await store.schedule('in 2 days', JOB, { from: 'the browser test' });
    await backend.disconnect();

    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Wide enough for AdminJS to show its sidebar open.
    await page.setViewportSize({ width: 1600, height: 1400 });
    await signInPage(session(), 'superadmin@scriptorium.test');
    try {
      await page.getByTestId('job-monitor-link').click({ timeout: 5_000 });
      await page.waitForURL(`${server.baseUrl}/admin/jobs/`);
      await page.getByText(JOB).first().waitFor({ timeout: 30_000 });
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-job-monitor.png' });
      throw err;
    }
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);

    await page.goto(`${server.baseUrl}/admin/logout`);
    await signInPage(session(), 'admin@scriptorium.test');
    // The sidebar is drawn (its groups) before the footer is looked for.
    await page.getByText('Navigation', { exact: false }).first().waitFor();
    await page.getByText('Content', { exact: true }).first().waitFor();
    expect(await page.getByTestId('job-monitor-link').count()).toBe(0);
    const refused = await page.goto(`${server.baseUrl}/admin/jobs/`);
    expect(refused?.status()).toBe(403);
  }, 240_000);
});
