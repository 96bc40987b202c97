import { expect, it } from 'vitest';
import { uploadOrderFile } from '../../src/orders/files/service.js';
import { postMessage } from '../../src/orders/messages/service/post.js';
import { assignWriter } from '../../src/orders/service/staff-actions.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { pdf } from '../orders/files-fixtures.js';
import { actorFor, newWriter, paidOrder } from '../orders/fixtures.js';

describeInBrowser('The order cockpit in a real browser', (session) => {
  it('the order page shows payments, files, messages and timeline (and people, money, deadline, next actions, audit)', async () => {
    const { page, server } = session();
    const client = await actorFor('client@scriptorium.test');
    const admin = await actorFor('admin@scriptorium.test');
    const order = await paidOrder(client, { topic: 'Cockpit essay on glaciers' });
    const writer = await newWriter(order.websiteId);
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    await uploadOrderFile(client, order.id, { category: 'instructions', fileName: 'glacier-brief.pdf', bytes: pdf('glaciers') });
    await postMessage(client, order.id, 'client_support', 'Please mention the Aletsch glacier');
    await postMessage(writer, order.id, 'client_writer', 'Sources at https://glaciers.example.com/list');

    await signInPage(session(), 'admin@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/orders/records/${order.id}/show`);
      const cockpit = page.getByTestId('order-cockpit');
      await cockpit.waitFor();
      for (const heading of ['Payments', 'Files', 'Messages', 'Timeline', 'Money', 'People', 'Deadline', 'Next actions', 'Audit']) {
        await cockpit.getByRole('heading', { name: heading, exact: true }).waitFor();
      }
      const payments = page.getByTestId('cockpit-payments');
      expect(await payments.getByTestId('cockpit-payment-row').count()).toBe(1);
      await payments.getByText('wallet', { exact: true }).waitFor();
      await page.getByTestId('cockpit-files').getByText('glacier-brief.pdf').waitFor();
      const messages = page.getByTestId('cockpit-messages');
      await messages.getByText('Please mention the Aletsch glacier').waitFor();
      await messages.getByText('held', { exact: true }).waitFor(); // the writer's link waits for review
      const timeline = page.getByTestId('cockpit-timeline');
      expect(await timeline.getByTestId('cockpit-event-row').count()).toBeGreaterThanOrEqual(4);
      await timeline.getByText('file uploaded').first().waitFor();
      await page
        .getByTestId('cockpit-writer')
        .getByText(/Pen \d+/)
        .waitFor();
      await expect.poll(() => page.getByTestId('cockpit-balance').textContent()).toContain('balance due');
      await page
        .getByTestId('cockpit-client-deadline')
        .getByText(/ left$/)
        .waitFor();
      await page.getByTestId('next-hold').waitFor(); // an order in progress can be put on hold
      expect(await page.getByTestId('next-archive').count()).toBe(0); // not archived while in progress
      expect(await page.getByTestId('cockpit-audit').getByTestId('audit-rows-row').count()).toBeGreaterThan(0);

      // The client's page: their audit timeline.
      await page.goto(`${server.baseUrl}/admin/resources/users/records/${client.userId}/show`);
      const audit = page.getByTestId('user-audit');
      await audit.waitFor();
      expect(await audit.getByTestId('audit-rows-row').count()).toBeGreaterThan(0);
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-order-cockpit.png', fullPage: true });
      throw err;
    }
  }, 300_000);
});
