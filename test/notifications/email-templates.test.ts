import { Op } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/index.js';
import { EmailMessage, EmailTemplate, EmailTemplateVersion } from '../../src/notifications/email-templates/index.js';
import { payOrderFromWallet, sendPendingReceipts } from '../../src/payments/index.js';
import { inTransaction } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { createMailer } from '../../src/platform/mailer.js';
import { readMails, waitForMail, type Mail } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { adminGet, adminPost, recordActions, signIn, signInStaff, startAdminApp, type Agent } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { fundWallet } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from '../payments/fixtures.js';

/**
 * Email templates overridden per website through the back office (resource email_templates) and
 * the outgoing mail records (email_messages), on a real database, with the mailer writing .eml
 * files: the override is used for that website's next receipt and no other's; a source with an
 * unknown variable is refused at save, naming it; rollback restores an earlier version.
 */
let t: TestApp;
let admin: Agent;
let support: Agent;
let adminB: Agent;
let websiteA: number;
let websiteB: number;
let clientA: ClientActor & { email: string };
let clientB: ClientActor & { email: string };

beforeAll(async () => {
  t = await startAdminApp();
  ({ admin, support, adminB } = await signInStaff(t.app));
  websiteA = (await actorFor('admin@scriptorium.test')).websiteId!;
  websiteB = (await actorFor('admin@b.scriptorium.test')).websiteId!;
  clientA = await clientWithLogin(websiteA);
  clientB = await clientWithLogin(websiteB);
});
afterAll(() => t?.close());

const templates = recordActions('email_templates');

const RECEIPT = {
  key: 'payment-receipt',
  subject: 'Paid {{amount}}: receipt {{receiptNumber}} from {{brand.name}}',
  html: '{{#> layout}}<p>Custom receipt {{receiptNumber}} for {{displayName}}</p>{{> button url=receiptUrl label="PDF" brand=brand}}{{/layout}}',
  text: 'Custom receipt {{receiptNumber}} for {{displayName}}',
};

/** Pays an order of the client from its wallet and sends the receipt outbox; the receipt's email. */
async function paidReceipt(client: ClientActor, seen: Mail[]): Promise<{ mail: Mail; receiptNumber: string }> {
  const order = await unpaidOrder(client);
  await fundWallet(client.websiteId, client.userId, order.totalCents!);
  const { payment } = await payOrderFromWallet(client, order.id);
  await sendPendingReceipts();
  const receiptNumber = payment.receiptNumber!;
  return { mail: await waitForMail(t.dataDir, (m) => m.text.includes(receiptNumber), seen), receiptNumber };
}

async function createOverride(agent: Agent, data: Record<string, string>, host = 'localhost') {
  const res = await adminPost(agent, 'email_templates/actions/new', data, host).expect(200);
  return res.body as { notice: { type: string; message: string }; record?: { errors?: Record<string, { message: string }> } };
}

let receiptOverrideId: number;

describe('a website’s override of a template', () => {
  it('is used for the website’s next receipt, while another website still gets the default; every send is recorded', async () => {
    const created = await createOverride(admin, RECEIPT);
    expect(created.notice, JSON.stringify(created)).toMatchObject({ type: 'success' });
    const row = (await EmailTemplate.findOne({ where: { websiteId: websiteA, key: 'payment-receipt' } }))!;
    receiptOverrideId = row.id;
    expect(row).toMatchObject({ version: 1, active: true, subject: RECEIPT.subject });
    expect(await EmailTemplateVersion.count({ where: { templateId: row.id } })).toBe(1);
    expect(await AuditLog.count({ where: { action: 'email_template.create', targetId: String(row.id) } })).toBe(1);

    const seen = await readMails(t.dataDir);
    const a = await paidReceipt(clientA, seen);
    expect(a.mail.text).toContain(`Custom receipt ${a.receiptNumber}`);
    expect(a.mail.text).toMatch(new RegExp(`Subject: Paid .*: receipt ${a.receiptNumber} from Scriptorium Essays`));
    expect(a.mail.text).not.toContain('Thank you: we received your payment');
    expect(a.mail.text).toContain('Content-Type: application/pdf'); // the attachment still goes with it

    const b = await paidReceipt(clientB, await readMails(t.dataDir));
    expect(b.mail.text).toContain('Thank you: we received your payment');
    expect(b.mail.text).not.toContain('Custom receipt');

    const recordA = (await EmailMessage.findOne({ where: { recipient: clientA.email, templateKey: 'payment-receipt' } }))!;
    expect(recordA).toMatchObject({ websiteId: websiteA, templateVersion: 1, status: 'sent', error: null });
    expect(recordA.providerMessageId).toBeTruthy();
    expect(recordA.subject).toContain(a.receiptNumber);
    const recordB = (await EmailMessage.findOne({ where: { recipient: clientB.email, templateKey: 'payment-receipt' } }))!;
    expect(recordB).toMatchObject({ websiteId: websiteB, templateVersion: null, status: 'sent' });
  });

  it('is refused at save when it reads an unknown variable (named) or does not compile; nothing is saved', async () => {
    const unknown = await createOverride(admin, {
      key: 'payment-reminder',
      subject: 'Order {{orderNumber}}',
      html: '{{#> layout}}<p>{{orderNumbr}}</p>{{/layout}}',
    });
    expect(unknown.notice.type).toBe('error');
    expect(unknown.notice.message).toContain('unknown variable "orderNumbr"');
    expect(unknown.record?.errors?.html?.message).toContain('orderNumbr');

    const broken = await createOverride(admin, { key: 'payment-reminder', subject: '{{#if final}}Last reminder' });
    expect(broken.notice.type).toBe('error');
    expect(broken.record?.errors?.subject?.message).toMatch(/does not compile/);

    const nested = await createOverride(admin, { key: 'layout', html: '<div>{{brand.name}} {{displayName}} {{> @partial-block}}</div>' });
    expect(nested.notice.message).toContain('unknown variable "displayName"');
    expect(await EmailTemplate.count({ where: { websiteId: websiteA, key: ['payment-reminder', 'layout'] } })).toBe(0);

    // An edit with an unknown variable is refused too: the saved version stays.
    const edit = await templates.act(admin, receiptOverrideId, 'edit', { subject: 'Receipt {{receiptNo}}' }).expect(200);
    expect(edit.body.notice.type).toBe('error');
    expect(edit.body.notice.message).toContain('receiptNo');
    expect((await EmailTemplate.findByPk(receiptOverrideId))!.version).toBe(1);
  });

  it('is edited into new versions and rolled back to a chosen one (a new version, audited); the next receipt uses it', async () => {
    const edited = await templates.act(admin, receiptOverrideId, 'edit', { subject: 'Version two {{receiptNumber}}' }).expect(200);
    expect(edited.body.notice.type, JSON.stringify(edited.body)).toBe('success');
    expect((await EmailTemplate.findByPk(receiptOverrideId))!).toMatchObject({ version: 2, subject: 'Version two {{receiptNumber}}' });

    const form = await templates.get(admin, receiptOverrideId, 'rollback').expect(200);
    expect(form.body.preview.current).toBe(2);
    expect(form.body.preview.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const same = await templates.act(admin, receiptOverrideId, 'rollback', { version: '2' }).expect(200);
    expect(same.body.notice.type).toBe('error');
    const rolled = await templates.act(admin, receiptOverrideId, 'rollback', { version: '1', reason: 'v2 confused clients' }).expect(200);
    expect(rolled.body.notice.type, JSON.stringify(rolled.body)).toBe('success');
    const row = (await EmailTemplate.findByPk(receiptOverrideId))!;
    expect(row).toMatchObject({ version: 3, subject: RECEIPT.subject, html: RECEIPT.html, text: RECEIPT.text });
    const v3 = (await EmailTemplateVersion.findOne({ where: { templateId: row.id, version: 3 } }))!;
    expect(v3).toMatchObject({ change: 'rollback', restoredFrom: 1, subject: RECEIPT.subject });
    const audit = (await AuditLog.findOne({ where: { action: 'email_template.rollback', targetId: String(row.id) } }))!;
    expect(audit.changes?.reason).toBe('v2 confused clients');
    expect(audit.changes?.after).toMatchObject({ version: 3, restoredFrom: 1 });

    const { mail, receiptNumber } = await paidReceipt(clientA, await readMails(t.dataDir));
    expect(mail.text).toMatch(new RegExp(`Subject: Paid .*: receipt ${receiptNumber}`));
    const record = (await EmailMessage.findOne({ where: { subject: { [Op.like]: `%${receiptNumber}%` } }, order: [['id', 'DESC']] }))!;
    expect(record.templateVersion).toBe(3);
  });

  it('previews with the sample data and sends a test to the signed-in staff member', async () => {
    const preview = await templates.get(admin, receiptOverrideId, 'preview').expect(200);
    expect(preview.body.preview).toMatchObject({ key: 'payment-receipt', version: 3 });
    expect(preview.body.preview.subject).toBe('Paid $45.90: receipt R-2026-000123 from Scriptorium Essays');
    expect(preview.body.preview.html).toContain('Custom receipt R-2026-000123 for Ada Lovelace');
    expect(preview.body.preview.variables).toEqual(expect.arrayContaining(['receiptNumber', 'brand.name']));

    const seen = await readMails(t.dataDir);
    const sent = await templates.act(admin, receiptOverrideId, 'testSend').expect(200);
    expect(sent.body.notice.type, JSON.stringify(sent.body)).toBe('success');
    const mail = await waitForMail(t.dataDir, (m) => m.text.includes('[Test]'), seen);
    expect(mail.text).toContain('To: admin@scriptorium.test');
    expect(mail.text).toContain('Custom receipt R-2026-000123');
    const record = (await EmailMessage.findOne({ where: { recipient: 'admin@scriptorium.test' }, order: [['id', 'DESC']] }))!;
    expect(record).toMatchObject({ templateKey: 'payment-receipt', templateVersion: 3, status: 'sent', websiteId: websiteA });
    expect(await AuditLog.count({ where: { action: 'email_template.test_send', targetId: String(receiptOverrideId) } })).toBe(1);

    // A GET of testSend changes nothing (no mail).
    const before = await EmailMessage.count();
    await templates.get(admin, receiptOverrideId, 'testSend').expect(200);
    expect(await EmailMessage.count()).toBe(before);
  });

  it('is seen by its website’s admins only: another website’s admin and support are refused', async () => {
    const listB = await adminGet(adminB, 'email_templates/actions/list', 'b.localhost').expect(200);
    expect(listB.body.records.map((r: { id: string }) => Number(r.id))).not.toContain(receiptOverrideId);
    const showB = await templates.get(adminB, receiptOverrideId, 'show', '', 'b.localhost');
    expect(showB.body.record?.params?.subject).toBeUndefined();
    const editB = await templates.act(adminB, receiptOverrideId, 'edit', { subject: 'hijack' }, 'b.localhost');
    expect(editB.body.notice?.type ?? 'error').toBe('error');
    const rollbackB = await templates.act(adminB, receiptOverrideId, 'rollback', { version: '1' }, 'b.localhost');
    expect(rollbackB.body.notice?.type ?? 'error').toBe('error');
    expect((await EmailTemplate.findByPk(receiptOverrideId))!.version).toBe(3);

    const listSupport = await adminGet(support, 'email_templates/actions/list');
    expect(listSupport.body.records ?? []).toEqual([]);
    const newSupport = await adminPost(support, 'email_templates/actions/new', { key: 'welcome', subject: 'x' });
    expect(newSupport.body.notice?.type ?? newSupport.body.baseError?.type ?? 'refused').not.toBe('success');
    expect(await EmailTemplate.count({ where: { key: 'welcome' } })).toBe(0);
  });

  it('never fails at send: an override that does not render falls back to the default (and is logged)', async () => {
    // Written past the service (as a later change of the declared variables might leave it).
    await EmailTemplate.create({
      websiteId: websiteB,
      key: 'payment-receipt',
      subject: 'Broken {{gone}}',
      html: null,
      text: null,
      authorId: null,
    });
    const { mail } = await paidReceipt(clientB, await readMails(t.dataDir));
    expect(mail.text).toContain('Thank you: we received your payment');
    const record = (await EmailMessage.findOne({ where: { recipient: clientB.email }, order: [['id', 'DESC']] }))!;
    expect(record).toMatchObject({ templateVersion: null, status: 'sent' });
  });

  it('overrides the layout and a partial the same way: the website’s emails use them, others keep the defaults', async () => {
    const layout = await createOverride(
      adminB,
      {
        key: 'layout',
        html: '<html><body><div id="b-frame">{{brand.name}}</div>{{> @partial-block}}<footer>{{> footer}}</footer></body></html>',
      },
      'b.localhost',
    );
    expect(layout.notice, JSON.stringify(layout)).toMatchObject({ type: 'success' });
    const footer = await createOverride(adminB, { key: 'partial:footer', html: 'Website B footer for {{brand.name}}' }, 'b.localhost');
    expect(footer.notice.type).toBe('success');
    const badFooter = await createOverride(adminB, { key: 'partial:button', html: '<a href="{{href}}">{{label}}</a>' }, 'b.localhost');
    expect(badFooter.notice.message).toContain('unknown variable "href"');

    const b = await paidReceipt(clientB, await readMails(t.dataDir));
    expect(b.mail.text).toContain('id="b-frame"');
    expect(b.mail.text).toContain('Website B footer for');
    const record = (await EmailMessage.findOne({ where: { recipient: clientB.email }, order: [['id', 'DESC']] }))!;
    expect(record.layoutVersion).toBe(1);

    const a = await paidReceipt(clientA, await readMails(t.dataDir));
    expect(a.mail.text).not.toContain('b-frame');
    expect(a.mail.text).not.toContain('Website B footer');
  });

  it('a superadmin sees every website’s overrides and names the website of a new one', async () => {
    const superadmin = await signIn(t.app, 'superadmin@scriptorium.test');
    const all = await adminGet(superadmin, 'email_templates/actions/list?perPage=100').expect(200);
    const websites = new Set(all.body.records.map((r: { params: { websiteId: number } }) => Number(r.params.websiteId)));
    expect(websites).toEqual(new Set([websiteA, websiteB]));

    const unnamed = await createOverride(superadmin, { key: 'welcome', subject: 'Welcome, {{displayName}}' });
    expect(unnamed.notice.type).toBe('error');
    expect(unnamed.record?.errors?.websiteId?.message).toMatch(/choose the website/);
    const named = await createOverride(superadmin, { key: 'welcome', subject: 'Welcome, {{displayName}}', websiteId: String(websiteB) });
    expect(named.notice, JSON.stringify(named)).toMatchObject({ type: 'success' });
    expect(await EmailTemplate.count({ where: { key: 'welcome', websiteId: websiteB } })).toBe(1);
    const twice = await createOverride(adminB, { key: 'welcome', subject: 'Again' }, 'b.localhost');
    expect(twice.record?.errors?.key?.message).toMatch(/already has an override/);
  });

  it('records mail sent after a commit (from afterCommit, where the finished transaction is still current) and inside an open one', async () => {
    const welcome = (to: string) => ({
      to,
      websiteId: websiteA,
      template: 'welcome' as const,
      brand: { name: 'A', color: '#000' },
      data: { displayName: 'N', registrationId: 'CL-1', loginUrl: 'http://x' },
    });
    let sent: Promise<unknown> = Promise.resolve();
    await inTransaction(async (transaction) => {
      await t.context.mailer.send(welcome('inside@fixture.test'));
      transaction.afterCommit(() => {
        sent = t.context.mailer.send(welcome('after-commit@fixture.test'));
      });
    });
    await sent;
    for (const recipient of ['inside@fixture.test', 'after-commit@fixture.test'])
      expect(await EmailMessage.findOne({ where: { recipient } }), recipient).toMatchObject({ status: 'sent', templateKey: 'welcome' });
  });

  it('records a failed send with its error', async () => {
    const mailer = createMailer({
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'x@scriptorium.test',
      dataDir: t.dataDir,
      logger: createLogger('silent'),
    });
    await expect(
      mailer.send({
        to: 'nobody@fixture.test',
        websiteId: websiteA,
        template: 'welcome',
        brand: { name: 'A', color: '#000' },
        data: { displayName: 'N', registrationId: 'CL-1', loginUrl: 'http://x' },
      }),
    ).rejects.toThrow();
    const record = (await EmailMessage.findOne({ where: { recipient: 'nobody@fixture.test' } }))!;
    expect(record.status).toBe('failed');
    expect(record.error).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('the outgoing mail records in the back office (email_messages)', () => {
  it('support searches by recipient and filters by template and status, on its own website only', async () => {
    const byRecipient = await adminGet(
      support,
      `email_messages/actions/list?filters.recipient=${encodeURIComponent(clientA.email.toUpperCase())}`,
    ).expect(200);
    expect(byRecipient.body.records.length).toBeGreaterThanOrEqual(2);
    for (const r of byRecipient.body.records) expect(r.params.recipient).toBe(clientA.email);

    const failed = await adminGet(support, 'email_messages/actions/list?filters.status=failed&filters.templateKey=welcome').expect(200);
    expect(failed.body.records.map((r: { params: { recipient: string } }) => r.params.recipient)).toContain('nobody@fixture.test');

    const other = await adminGet(support, `email_messages/actions/list?filters.recipient=${encodeURIComponent(clientB.email)}`).expect(200);
    expect(other.body.records).toEqual([]);
    const fromB = await adminGet(
      adminB,
      `email_messages/actions/list?filters.recipient=${encodeURIComponent(clientB.email)}`,
      'b.localhost',
    ).expect(200);
    expect(fromB.body.records.length).toBeGreaterThanOrEqual(1);

    const record = byRecipient.body.records[0];
    expect((await adminPost(support, `email_messages/records/${record.id}/delete`)).body.notice?.type ?? 'error').not.toBe('success');
  });
});
