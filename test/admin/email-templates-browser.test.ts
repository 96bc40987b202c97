import { writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { EmailMessage, EmailTemplate } from '../../src/notifications/email-templates/index.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { readMails, waitForMail } from '../identity/helpers.js';

describeInBrowser('Email templates in a real browser', (session) => {
  it('an admin overrides a template with the variables listed, is refused an unknown variable, previews it sandboxed, sends a test and rolls back', async () => {
    const { page, server, t } = session();
    await signInPage(session(), 'admin@scriptorium.test');
    try {
      // New: choose the key, see its variables, type the sources.
      await page.goto(`${server.baseUrl}/admin/resources/email_templates/actions/new`);
      await page.locator('[data-testid="property-edit-key"] input').first().fill('payment-reminder');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('email-template-variables').textContent()).toContain('{{orderNumber}}');
      await page.fill('textarea[name="subject"], #subject', 'Reminder {{orderNumbr}}');
      await page.locator('form button[type="submit"]').click();
      await page.getByText('unknown variable "orderNumbr"').first().waitFor();
      expect(await EmailTemplate.count({ where: { key: 'payment-reminder' } })).toBe(0);

      await page.fill('textarea[name="subject"], #subject', 'Reminder for {{orderNumber}}');
      await page.fill(
        'textarea[name="html"], #html',
        '{{#> layout}}<p id="body">Pay {{outstanding}} for {{orderNumber}}</p><script>parent.document.title="pwned"</script>{{/layout}}',
      );
      await page.locator('form button[type="submit"]').click();
      await page.getByText('The email template is saved').waitFor();
      const row = (await EmailTemplate.findOne({ where: { key: 'payment-reminder' } }))!;
      expect(row.version).toBe(1);

      // Preview: the HTML in an iframe with an empty sandbox; scripts in it do not run.
      await page.goto(`${server.baseUrl}/admin/resources/email_templates/records/${row.id}/preview`);
      const frame = page.getByTestId('email-preview-html');
      await frame.waitFor();
      expect(await frame.getAttribute('sandbox')).toBe('');
      await expect
        .poll(() => page.frameLocator('[data-testid="email-preview-html"]').locator('#body').textContent())
        .toBe('Pay $45.90 for ORD-10001');
      expect(await page.getByTestId('email-preview-subject').textContent()).toContain('Reminder for ORD-10001');
      expect(await page.title()).not.toBe('pwned');

      // Test send: to the signed-in admin's own address.
      const seen = await readMails(t.dataDir);
      await page.goto(`${server.baseUrl}/admin/resources/email_templates/records/${row.id}/testSend`);
      await page.getByTestId('confirm-action-submit').click();
      await page.getByText('The test email is sent to your address').waitFor();
      const mail = await waitForMail(
        t.dataDir,
        (m) => m.text.includes('[Test] Reminder for ORD-10001') && m.text.includes('Pay $45.90 for ORD-10001'),
        seen,
      );
      expect(mail.text).toContain('To: admin@scriptorium.test');
      expect(
        await EmailMessage.count({ where: { recipient: 'admin@scriptorium.test', templateKey: 'payment-reminder', status: 'sent' } }),
      ).toBe(1);

      // Edit (version 2), then roll back to version 1 from the rollback screen.
      await page.goto(`${server.baseUrl}/admin/resources/email_templates/records/${row.id}/edit`);
      await expect.poll(() => page.getByTestId('email-template-variables').textContent()).toContain('{{hoursAgo}}');
      await page.fill('textarea[name="subject"], #subject', 'Second version {{orderNumber}}');
      await page.locator('form button[type="submit"]').click();
      await page.getByText('The email template is saved').waitFor();
      await expect.poll(async () => (await EmailTemplate.findByPk(row.id))!.version).toBe(2);

      await page.goto(`${server.baseUrl}/admin/resources/email_templates/records/${row.id}/rollback`);
      await page.getByTestId('rollback-version').selectOption('1');
      await page.getByTestId('email-template-rollback-submit').click();
      await page.getByText('The earlier version is restored as a new version').waitFor();
      const restored = (await EmailTemplate.findByPk(row.id))!;
      expect(restored.version).toBe(3);
      expect(restored.subject).toContain('Reminder for {{orderNumber}}');
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-email-templates.png', fullPage: true });
      writeFileSync('/tmp/admin-email-templates.html', await page.content());
      throw err;
    }
  }, 300_000);
});
