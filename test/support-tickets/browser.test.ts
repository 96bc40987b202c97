import { expect, it } from 'vitest';
import { openTicket } from '../../src/support/index.js';
import { SupportTicket, SupportTicketMessage } from '../../src/support/models.js';
import { actorFor } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

describeInBrowser('Support tickets in a real browser', (session) => {
  it('support finds the ticket in the list, reads the thread on its page, adds an internal note and replies in public', async () => {
    const { page, server } = session();
    const client = await actorFor('client@scriptorium.test');
    const ticket = await openTicket(client, {
      subject: 'Browser ticket about citations',
      body: 'Which citation style did my writer use?',
      category: 'order',
      priority: 'normal',
    });

    await signInPage(session(), 'support@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/tickets?filters.status=open`);
      await page.getByText('Browser ticket about citations').first().click();
      await page.waitForURL(new RegExp(`/tickets/records/${ticket.id}/show`));
      await page.getByTestId('ticket-thread').getByText('Which citation style did my writer use?').waitFor();

      await page.getByTestId('action-reply').click();
      await page.getByTestId('ticket-action').waitFor();
      await page.fill('#ticket-body', 'Check the order history first');
      // The box is AdminJS's styled checkbox; under load the first click can land before React
      // handles it, so click until it is checked (each click toggles; stop once it holds).
      const internal = page.getByTestId('ticket-internal');
      await expect
        .poll(async () => {
          if (!(await internal.isChecked())) await internal.click({ force: true });
          return internal.isChecked();
        })
        .toBe(true);
      await page.getByTestId('ticket-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByText('The reply is sent').first().waitFor();
      await page.getByTestId('ticket-thread').getByText('internal note').waitFor();

      await page.getByTestId('action-reply').click();
      await page.getByTestId('ticket-action').waitFor();
      await page.fill('#ticket-body', 'Your writer used APA 7.');
      await page.getByTestId('ticket-action-submit').click();
      await page.waitForURL(/\/records\/\d+\/show$/);
      await page.getByTestId('ticket-thread').getByText('Your writer used APA 7.').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-tickets-reply.png' });
      throw err;
    }
    const messages = await SupportTicketMessage.findAll({ where: { ticketId: ticket.id }, order: [['id', 'ASC']] });
    expect(messages.map((m) => [m.internal, m.body])).toEqual([
      [false, 'Which citation style did my writer use?'],
      [true, 'Check the order history first'],
      [false, 'Your writer used APA 7.'],
    ]);
    expect(await SupportTicket.findByPk(ticket.id)).toMatchObject({ status: 'waiting_on_customer', firstRespondedAt: expect.any(Date) });

    // The dashboard page shows the queue.
    await page.goto(`${server.baseUrl}/admin/pages/support`);
    await page.getByTestId('support-queue').waitFor();
    expect(await page.getByTestId('queue-normal-active').textContent()).toMatch(/\d+/);
  }, 300_000);
});
