import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/models.js';
import { monthlyStatement, renderStatementPdf, sendMonthlyStatements, type Statement } from '../../src/analytics/statements/index.js';
import { User } from '../../src/identity/index.js';
import { postTransaction, reverseTransaction, type Posting, type TransactionKind } from '../../src/ledger/index.js';
import { Order } from '../../src/orders/models.js';
import { approveRefund } from '../../src/payments/refunds/service/approve.js';
import { requestRefund } from '../../src/payments/refunds/service/request.js';
import { systemActor, type Actor } from '../../src/platform/actor.js';
import { clock } from '../../src/platform/clock.js';
import { sql } from '../../src/platform/database.js';
import { Website } from '../../src/tenancy/index.js';
import { readMails } from '../identity/helpers.js';
import { actorFor, newWriter } from '../orders/fixtures.js';
import { manuallyPaidOrder, type Who } from '../payments/refund-fixtures.js';
import { signIn, startAdminApp } from '../support/admin.js';
import type { TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';

/**
 * Monthly statements (src/analytics/statements): the figures of a month on known postings made in
 * it through the test clock (an offline payment and a refund through their services, the rest
 * posted as RULES.md's flows post them), the PDF, the job's one mail per admin per month, and who
 * may have a statement. The month chosen is in the future of the seed, so only this file's
 * postings fall in it.
 */

let t: TestApp;
let client: Who;
let admin: Who;
let adminB: Actor;
let siteA: number;
let siteB: number;

const MONTH = '2027-02';
const at = (iso: string) => clock.travel(new Date(iso).getTime() - clock.now().getTime());

async function post(websiteId: number, kind: TransactionKind, postings: Posting[]) {
  return postTransaction(systemActor(websiteId), {
    websiteId,
    currency: 'USD',
    kind,
    reference: { type: 'test', id: randomUUID() },
    idempotencyKey: `statement-test:${randomUUID()}`,
    postings,
  });
}

/** Each account kind's total balance of a website now (ledger_accounts), to hold the statement's balances against. */
async function balancesNow(websiteId: number): Promise<Record<string, number>> {
  const rows = await sql<{ kind: string; total: number }>(
    `SELECT kind, sum(balance_cents)::bigint AS total FROM ledger_accounts WHERE website_id = $1 AND currency = 'USD' GROUP BY kind`,
    [websiteId],
  );
  return Object.fromEntries(rows.map((r) => [r.kind, r.total]));
}

/** The text pdfkit drew (uncompressed file): its TJ operators' hex strings, one line each. */
function pdfText(pdf: Buffer): string {
  const lines: string[] = [];
  for (const [, body] of pdf.toString('latin1').matchAll(/\[([^\]]*)\]\s*TJ/g)) {
    lines.push([...body!.matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => Buffer.from(hex!, 'hex').toString('latin1')).join(''));
  }
  return lines.join('\n');
}

const expected = {
  payment: 0,
  earning: 0,
  revenue: 0,
  refund: 700,
  tipWriter: 400,
  tipPlatform: 100,
  fine: 500,
  payout: 1_234,
  topup: 5_000,
};
let before: Record<string, number>;
let feb: Statement;

beforeAll(async () => {
  t = await startAdminApp();
  client = (await actorFor('client@scriptorium.test')) as Who;
  admin = (await actorFor('admin@scriptorium.test')) as Who;
  adminB = await actorFor('admin@b.scriptorium.test');
  siteA = admin.websiteId;
  siteB = adminB.websiteId!;
  // Website B keeps its books in New York time: its February ends five hours after UTC's.
  await Website.update({ timezone: 'America/New_York' }, { where: { id: siteB } });

  at('2027-01-31T23:59:00Z'); // January: only in the opening balances
  await fundWallet(siteA, client.userId, 1_111);
  before = await balancesNow(siteA);

  at('2027-02-03T10:00:00Z');
  const order = await manuallyPaidOrder(client, admin, 'Statement order');
  const writer = await newWriter(siteA);
  expected.payment = order.totalCents!;
  expected.earning = Math.floor(order.totalCents! * 0.6);
  expected.revenue = order.totalCents! - expected.earning;

  at('2027-02-10T10:00:00Z'); // the order is approved: escrow -> writer earning and platform revenue
  const completion = { from: { kind: 'order_escrow', ownerId: order.id } } as const;
  await post(siteA, 'order_completion', [
    { ...completion, to: { kind: 'writer_payable', ownerId: writer.userId }, amountCents: expected.earning },
    { ...completion, to: { kind: 'platform_revenue' }, amountCents: expected.revenue },
  ]);
  await Order.update({ completedAt: clock.now() }, { where: { id: order.id } });
  const refund = await requestRefund(admin, { orderId: order.id, amountCents: expected.refund, destination: 'wallet', reason: 'Late' });
  await approveRefund(admin, refund.id); // after completion: platform_revenue -> client wallet

  at('2027-02-15T10:00:00Z');
  await fundWallet(siteA, client.userId, expected.topup);
  await post(siteA, 'tip', [
    { from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'writer_payable', ownerId: writer.userId }, amountCents: 400 },
    { from: { kind: 'client_wallet', ownerId: client.userId }, to: { kind: 'platform_revenue' }, amountCents: 100 },
  ]);
  await post(siteA, 'fine', [{ from: { kind: 'writer_payable', ownerId: writer.userId }, to: { kind: 'fines_income' }, amountCents: 500 }]);
  const wrong = await post(siteA, 'fine', [
    { from: { kind: 'writer_payable', ownerId: writer.userId }, to: { kind: 'fines_income' }, amountCents: 250 },
  ]);
  await reverseTransaction(admin, wrong.id, 'Fined twice', `statement-test:reverse:${wrong.id}`); // counts as a fine taken back, not a line of its own
  const advance = (from: Posting['from'], to: Posting['to'], amountCents: number) => post(siteA, 'advance', [{ from, to, amountCents }]);
  await advance({ kind: 'payouts_clearing' }, { kind: 'writer_payable', ownerId: writer.userId }, 800); // granted
  await advance({ kind: 'writer_payable', ownerId: writer.userId }, { kind: 'payouts_clearing' }, 300); // an earlier one owed back
  await post(siteA, 'payout', [
    { from: { kind: 'writer_payable', ownerId: writer.userId }, to: { kind: 'payouts_clearing' }, amountCents: 1_234 },
  ]);

  // Website B: one top-up in its February (local), late on the 28th New York time.
  at('2027-03-01T03:00:00Z');
  await fundWallet(siteB, (await actorFor('client@b.scriptorium.test')).userId!, 2_500);
  at('2027-02-20T12:00:00Z');
  feb = await monthlyStatement(admin, { websiteId: siteA, month: MONTH });
}, 60_000);

afterAll(async () => {
  clock.reset();
  await t?.close();
});

describe('monthlyStatement', () => {
  it('sums the month’s postings by line, each as the ledger posted it', () => {
    expect(feb).toMatchObject({ websiteId: siteA, websiteName: 'Scriptorium Essays', currency: 'USD', month: MONTH, partial: true });
    expect(feb.amounts).toMatchObject({
      paymentsOffline: expected.payment,
      paymentsCard: 0,
      walletTopups: expected.topup,
      revenueCompletions: expected.revenue,
      revenueTips: expected.tipPlatform,
      revenueTotal: expected.revenue + expected.tipPlatform,
      refundsWallet: expected.refund,
      refundsTotal: expected.refund,
      refundsFromRevenue: expected.refund,
      writerEarnings: expected.earning,
      tipsTotal: 500,
      writerTips: 400,
      fines: expected.fine, // 500 + 250 reversed
      payouts: expected.payout,
      advances: 800,
      advanceRepayments: 300,
      adjustments: 0,
    });
    // payment, completion, refund, top-up, tip, two fines, the reversal, two advances, payout (not January's top-up)
    expect(feb.transactionCount).toBe(11);
  });

  it('gives each account kind’s balance at the start (January included) and at the end', async () => {
    const now = await balancesNow(siteA);
    for (const b of feb.balances) {
      expect(b.openingCents, `${b.kind} opening`).toBe(before[b.kind] ?? 0);
      expect(b.closingCents, `${b.kind} closing`).toBe(now[b.kind] ?? 0);
    }
    expect(feb.balances.reduce((sum, b) => sum + b.closingCents, 0)).toBe(0);
    await expectLedgerBalanced(siteA);
  });

  it('counts by the website’s own month (timezone) and leaves later postings out', async () => {
    const b = await monthlyStatement(adminB, { websiteId: siteB, month: MONTH });
    expect(b.amounts.walletTopups).toBe(2_500);
    const january = await monthlyStatement(admin, { websiteId: siteA, month: '2027-01' });
    expect(january.amounts.walletTopups).toBe(1_111);
    expect(january.partial).toBe(false);
  });

  it('is for the website’s admins and superadmins only', async () => {
    await expect(monthlyStatement(adminB, { websiteId: siteA, month: MONTH })).rejects.toMatchObject({ code: 'not_found' });
    await expect(monthlyStatement(await actorFor('support@scriptorium.test'), { websiteId: siteA, month: MONTH })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(monthlyStatement(client, { websiteId: siteA, month: MONTH })).rejects.toMatchObject({ code: 'forbidden' });
    const superadmin = await actorFor('superadmin@scriptorium.test');
    expect((await monthlyStatement(superadmin, { websiteId: siteA, month: MONTH })).amounts).toEqual(feb.amounts);
    await expect(monthlyStatement(admin, { websiteId: siteA, month: '2027-13' })).rejects.toMatchObject({
      code: 'validation_failed',
      fields: { month: expect.any(String) },
    });
    await expect(monthlyStatement(admin, { websiteId: siteA, month: '2031-01' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('renderStatementPdf', () => {
  it('draws a PDF with the website, the month and the figures in its currency', async () => {
    const pdf = await renderStatementPdf(feb, { compress: false });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Scriptorium Essays');
    expect(text).toContain('Monthly statement, February 2027');
    expect(text).toContain('Payouts to writers');
    expect(text).toContain('$12.34'); // the payout
    expect(text).toContain('Revenue recognised');
    expect((await renderStatementPdf(feb)).subarray(0, 5).toString()).toBe('%PDF-'); // compressed, as mailed
  });
});

const subjectOf = (mail: { text: string }) => /^Subject: (.*)$/m.exec(mail.text)?.[1] ?? '';
const recipientOf = (mail: { text: string }) => /^To: (.*)$/m.exec(mail.text)?.[1] ?? '';

describe('sendMonthlyStatements (job analytics.statements)', () => {
  it('mails last month’s statement once to each active admin of each website, however many runs', async () => {
    at('2027-03-01T00:00:01Z'); // March, in website A's UTC: not in February's statement
    await fundWallet(siteA, client.userId, 999);
    at('2027-03-02T07:00:00Z');
    const later = await monthlyStatement(admin, { websiteId: siteA, month: MONTH });
    expect(later.amounts).toEqual(feb.amounts);
    expect(later.balances).toEqual(feb.balances); // today's balances less what moved after the month
    expect(later.partial).toBe(false);

    const seen = new Set((await readMails(t.dataDir)).map((m) => m.file));
    // Two workers at once: each website's month is claimed by one of them.
    const runs = await Promise.all([sendMonthlyStatements(), sendMonthlyStatements()]);
    const sent = runs.flatMap((r) => r.sent).filter((s) => [siteA, siteB].includes(s.websiteId));
    expect(sent.map((s) => [s.websiteId, s.month]).sort()).toEqual([
      [siteA, MONTH],
      [siteB, MONTH],
    ]);

    const admins = await User.findAll({ where: { role: 'admin', status: 'active', websiteId: [siteA, siteB] } });
    const mails = (await readMails(t.dataDir)).filter((m) => !seen.has(m.file) && subjectOf(m).includes('statement for February 2027'));
    expect(mails.map(recipientOf).sort()).toEqual(admins.map((a) => a.email).sort());
    const toA = mails.find((m) => recipientOf(m) === 'admin@scriptorium.test')!;
    expect(subjectOf(toA)).toBe('Scriptorium Essays: statement for February 2027');
    expect(toA.text).toContain('Content-Type: application/pdf');
    expect(toA.text).toContain(`statement-${siteA}-${MONTH}.pdf`);
    expect(toA.text).toContain('$12.34'); // the payouts, in the body's summary

    // Run again (the next hour, the next day): nothing more.
    at('2027-03-03T07:00:00Z');
    const again = await sendMonthlyStatements();
    expect(again.sent).toEqual([]);
    const after = (await readMails(t.dataDir)).filter((m) => !seen.has(m.file));
    expect(after.length).toBe(mails.length);

    const rows = await sql<{ websiteId: number; recipients: number }>(
      `SELECT website_id AS "websiteId", recipients FROM statement_deliveries WHERE month = $1 AND sent_at IS NOT NULL ORDER BY website_id`,
      [MONTH],
    );
    expect(rows.filter((r) => [siteA, siteB].includes(r.websiteId)).length).toBe(2);
    expect(await AuditLog.count({ where: { action: 'statement.send', targetType: 'website', targetId: String(siteA) } })).toBe(1);
  });
});

/** supertest's parser for a binary body (it buffers only text by default). */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('GET /admin/statements/<websiteId>/<YYYY-MM>.pdf', () => {
  it('gives the website’s admin the PDF (audited), and nobody else theirs', async () => {
    const [agentA, agentB, support] = [
      await signIn(t.app, 'admin@scriptorium.test'),
      await signIn(t.app, 'admin@b.scriptorium.test', 'b.localhost'),
      await signIn(t.app, 'support@scriptorium.test'),
    ];
    const url = `/admin/statements/${siteA}/${MONTH}.pdf`;
    const res = await agentA
      .get(url)
      .set('Host', 'localhost')
      .buffer(true)
      .parse(binary as never);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="statement-${siteA}-${MONTH}.pdf"`);
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await AuditLog.count({ where: { action: 'statement.download', targetId: String(siteA), actorUserId: admin.userId } })).toBe(1);

    expect((await agentB.get(url).set('Host', 'b.localhost')).status).toBe(404);
    expect((await support.get(url).set('Host', 'localhost')).status).toBe(403);
    expect((await agentA.get(`/admin/statements/${siteA}/2027-2.pdf`).set('Host', 'localhost')).status).toBe(400);

    const form = await agentA.get('/admin/statements').set('Host', 'localhost');
    expect(form.status).toBe(200);
    expect(form.text).toContain('type="month"');
    const picked = await agentA.get(`/admin/statements?websiteId=${siteA}&month=${MONTH}`).set('Host', 'localhost');
    expect(picked.status).toBe(302);
    expect(picked.headers.location).toBe(url);
  });
});
