import { expect, it } from 'vitest';
import { User } from '../../src/identity/models.js';
import { assignWriter } from '../../src/orders/index.js';
import { sql } from '../../src/platform/database.js';
import { actionLabels, resourceLabels, userLabel } from '../../resources/labels.js';
import { basisPoints, dateTime, statusVariant } from '../../resources/components/format.js';
import { actorFor, newClient, newWriter, paidOrder } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';

/**
 * Issue 14's values: money in the website's currency, basis points as a percent or a ×factor,
 * people by what staff call them (a client by registration ID and name, a writer by pen name),
 * moments in the staff member's own timezone, statuses as badges coloured by meaning.
 */
it('formats basis points, moments and statuses the way staff read them', () => {
  expect(basisPoints('multiplierBp', 13_000)).toBe('×1.30');
  expect(basisPoints('singleSpacingBp', 20_000)).toBe('×2.00');
  expect(basisPoints('shareBp', 6_500)).toBe('65 %');
  expect(basisPoints('percentBp', 1_250)).toBe('12.50 %');
  expect(dateTime('2026-12-07T03:00:00Z', 'Asia/Tokyo')).toMatch(/12:00|noon/i);
  expect(dateTime(null)).toBe('—');
  expect(statusVariant('completed')).toBe('success');
  expect(statusVariant('disputed')).toBe('danger');
  expect(statusVariant('pending_payment')).toBe('secondary');
  expect(statusVariant('in_progress')).toBe('info');
  expect(statusVariant('archived')).toBe('light');
});

it('names people by what staff call them', () => {
  expect(userLabel({ role: 'client', registrationId: 'C-100001', displayName: 'Ann Lee' })).toBe('C-100001 · Ann Lee');
  expect(userLabel({ role: 'writer', registrationId: 'W-100001', displayName: 'Bo', penName: 'Quill' })).toBe('Quill · W-100001');
  expect(userLabel({ role: 'admin', registrationId: 'S-1', displayName: 'Cy' })).toBe('Cy · admin · S-1');
});

it("names lists and actions in sentence case, keeping AdminJS's words for its own actions", () => {
  expect(resourceLabels(['order_requests', 'ledger_transactions', 'audit_logs'])).toEqual({
    order_requests: "Writers' requests",
    ledger_transactions: 'Ledger transactions',
    audit_logs: 'Audit log',
  });
  expect(actionLabels(['issueFine', 'markPaid', 'new', 'bulkDelete'])).toEqual({ issueFine: 'Issue fine', markPaid: 'Mark paid' });
});

describeInBrowser('values in a real browser', (session) => {
  it('shows an order with money, people, badges and moments as staff read them', async () => {
    const { page, server } = session();
    const admin = await actorFor('admin@scriptorium.test');
    const client = await newClient(admin.websiteId!);
    const writer = await newWriter(admin.websiteId!);
    const order = await paidOrder(client, { pages: 2 });
    await assignWriter(admin, order.id, { writerId: writer.userId, autoAccept: true });
    const [clientRow, writerRow] = await Promise.all([User.findByPk(client.userId), User.findByPk(writer.userId)]);
    // The admin reads times in Tokyo (UTC+9).
    await User.update({ timezone: 'Asia/Tokyo' }, { where: { email: 'admin@scriptorium.test' } });
    await signInPage(session(), 'admin@scriptorium.test');

    await page.goto(`${server.baseUrl}/admin/resources/orders?filters.number=${order.number}`);
    const row = page.locator('tbody tr').filter({ hasText: order.number }).first();
    await row.waitFor({ timeout: 15_000 });
    const rowText = await row.innerText();
    expect(rowText).toContain(`$${(order.totalCents! / 100).toFixed(2)}`);
    expect(rowText).toContain(`${clientRow!.registrationId} · ${clientRow!.displayName}`);
    expect(rowText).toContain(`${writerRow!.penName} · ${writerRow!.registrationId}`);
    expect(await row.locator('[data-testid="badge-status"]').getAttribute('data-status')).toBe('in_progress');

    await page.goto(`${server.baseUrl}/admin/resources/orders/records/${order.id}/show`);
    const placed = page.locator('[data-testid="date-createdAt"]');
    await placed.waitFor({ timeout: 15_000 });
    expect(await placed.innerText()).toMatch(/GMT\+9|JST/);

    const [option] = await sql<{ id: number }>(
      `SELECT o.id FROM price_options o JOIN price_lists l ON l.id = o.price_list_id
        WHERE l.website_id = $1 AND o.multiplier_bp IS NOT NULL ORDER BY o.id LIMIT 1`,
      [admin.websiteId],
    );
    await page.goto(`${server.baseUrl}/admin/resources/price_options/records/${option!.id}/show`);
    const factor = page.locator('[data-testid="bp-multiplierBp"]');
    await factor.waitFor({ timeout: 15_000 });
    expect(await factor.innerText()).toMatch(/^×\d\.\d\d$/);
  }, 120_000);
});
