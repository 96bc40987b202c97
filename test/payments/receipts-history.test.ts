import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  payOrderFromWallet,
  recordManualPayment,
  approveManualPayment,
  startCardPayment,
  markPaymentSucceeded,
  sendPendingReceipts,
} from '../../src/payments/index.js';
import { MAX_ATTEMPTS } from '../../src/payments/service/receipt-outbox.js';
import { clock } from '../../src/platform/clock.js';
import { HOST_A, login, readMails, waitForMail } from '../identity/helpers.js';
import { actorFor } from '../orders/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { expectLedgerBalanced, fundWallet } from '../support/ledger.js';
import { clientWithLogin, unpaidOrder, type ClientActor } from './fixtures.js';

let t: TestApp;
let client: ClientActor & { email: string };
let token: string;
let admin: Awaited<ReturnType<typeof actorFor>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await actorFor('admin@scriptorium.test');
  client = await clientWithLogin(admin.websiteId!);
  token = (await login(t.app, client.email)).accessToken;
});
afterAll(() => t?.close());

const get = (path: string, bearer = token) => request(t.app).get(path).set('Host', HOST_A).set('Authorization', `Bearer ${bearer}`);
/** supertest keeps binary bodies as Buffers with this parser. */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('receipts', () => {
  it('a succeeded payment has a PDF receipt for its client (404 for others) and an emailed receipt', async () => {
    const seen = await readMails(t.dataDir);
    const order = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, order.totalCents!);
    const { payment } = await payOrderFromWallet(client, order.id);

    const res = await get(`/api/v1/payments/${payment.id}/receipt.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`receipt-${payment.receiptNumber}.pdf`);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1_000);

    // The receipt leaves through the outbox (the payments.receipts job), not the paying request.
    expect((await readMails(t.dataDir)).some((m) => m.text.includes(payment.receiptNumber!))).toBe(false);
    expect((await sendPendingReceipts()).sent).toBeGreaterThanOrEqual(1);
    const mail = await waitForMail(t.dataDir, (m) => m.text.includes(payment.receiptNumber!), seen);
    expect(mail.text).toContain(`To: ${client.email}`);
    expect(mail.text).toContain('Content-Type: application/pdf');
    expect(mail.text).toContain(`filename=receipt-${payment.receiptNumber}.pdf`);
    expect(mail.text).toContain(order.number);
    expect(mail.text).toMatch(/Wallet balance/);
    expect(mail.text).toContain('Scriptorium Essays');

    const other = await actorFor('client@scriptorium.test');
    const otherToken = (await login(t.app, 'client@scriptorium.test')).accessToken;
    expect(other.userId).not.toBe(client.userId);
    expect((await get(`/api/v1/payments/${payment.id}/receipt.pdf`, otherToken)).status).toBe(404);
    expect((await get(`/api/v1/payments/${payment.id}`, otherToken)).status).toBe(404);
    expect((await get('/api/v1/payments/999999999/receipt.pdf')).status).toBe(404);
  });

  it('the outbox sends each receipt once however often it runs, and retries a failed send later', async () => {
    await sendPendingReceipts(); // whatever earlier tests left
    const order = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, order.totalCents!);
    const { payment } = await payOrderFromWallet(client, order.id, { amountCents: 100 });
    const mailsOf = async () => (await readMails(t.dataDir)).filter((m) => m.text.includes(payment.receiptNumber!));

    const mailer = t.context.mailer;
    const send = mailer.send;
    mailer.send = () => Promise.reject(new Error('SMTP server unreachable'));
    try {
      expect(await sendPendingReceipts()).toEqual({ sent: 0, failed: 1 });
    } finally {
      mailer.send = send;
    }
    // Held back after the failure, then sent once.
    expect(await sendPendingReceipts()).toEqual({ sent: 0, failed: 0 });
    clock.travel(6 * 60_000);
    try {
      expect(await sendPendingReceipts()).toEqual({ sent: 1, failed: 0 });
      expect(await sendPendingReceipts()).toEqual({ sent: 0, failed: 0 });
    } finally {
      clock.reset();
    }
    expect(await mailsOf()).toHaveLength(1);

    // A receipt that keeps failing is given up after MAX_ATTEMPTS (and logged each time).
    const { payment: second } = await payOrderFromWallet(client, order.id, { amountCents: 100 });
    mailer.send = () => Promise.reject(new Error('SMTP server unreachable'));
    try {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
        expect(await sendPendingReceipts()).toEqual({ sent: 0, failed: 1 });
        clock.travel(attempt * 5 * 60_000 + 1_000);
      }
      expect(await sendPendingReceipts()).toEqual({ sent: 0, failed: 0 });
    } finally {
      mailer.send = send;
      clock.reset();
    }
    expect((await readMails(t.dataDir)).some((m) => m.text.includes(second.receiptNumber!))).toBe(false);
  });

  it('a payment that has not succeeded has no receipt', async () => {
    const order = await unpaidOrder(client);
    const pending = await recordManualPayment(admin, { orderId: order.id, amountCents: 500, reference: 'cheque 12' });
    expect((await get(`/api/v1/payments/${pending.id}/receipt.pdf`)).status).toBe(404);
    expect((await get(`/api/v1/payments/${pending.id}`)).body).toMatchObject({ status: 'pending_approval', receiptUrl: null });
  });
});

describe('history', () => {
  it('lists my payments newest first with filters, cursor and totals; top-ups appear; staff export the CSV', async () => {
    const order = await unpaidOrder(client);
    await fundWallet(client.websiteId, client.userId, 3_000);
    await payOrderFromWallet(client, order.id, { amountCents: 1_200 });
    await payOrderFromWallet(client, order.id, { amountCents: 800 });
    const topUp = await startCardPayment(client, { purpose: 'wallet_topup', amountCents: 1_500 });
    await markPaymentSucceeded(topUp.id);
    const manual = await recordManualPayment(admin, { orderId: order.id, amountCents: 300, reference: '=HYPERLINK("x")' });
    await approveManualPayment(admin, manual.id);

    const all = await get('/api/v1/payments?limit=2');
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.items[0].id).toBeGreaterThan(all.body.items[1].id);
    expect(all.body.nextCursor).toBeTruthy();
    const succeeded = await get('/api/v1/payments?status=succeeded&limit=100');
    const paid = (succeeded.body.items as Array<{ amountCents: number }>).reduce((s, p) => s + p.amountCents, 0);
    expect(all.body.totals.paidCents).toBe(paid);
    expect(all.body.totals.count).toBeGreaterThanOrEqual(succeeded.body.items.length);

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/api/v1/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...(page.body.items as Array<{ id: number }>).map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(all.body.totals.count);

    const topUps = await get('/api/v1/payments?purpose=wallet_topup');
    expect(topUps.body.items).toEqual([
      expect.objectContaining({ id: topUp.id, purpose: 'wallet_topup', method: 'card', orderId: null, status: 'succeeded' }),
    ]);
    expect(topUps.body.totals).toEqual({ count: 1, paidCents: 1_500, refundedCents: 0, netCents: 1_500 });
    const wallet = await get('/api/v1/payments?method=wallet');
    expect((wallet.body.items as Array<{ method: string }>).every((p) => p.method === 'wallet')).toBe(true);
    const future = await get(`/api/v1/payments?from=${new Date(Date.now() + 86_400_000).toISOString()}`);
    expect(future.body).toMatchObject({ items: [], totals: { count: 0, paidCents: 0 } });
    expect((await get('/api/v1/payments?purpose=bogus')).status).toBe(400);
    expect((await get('/api/v1/payments?cursor=nope')).status).toBe(400);

    // Staff CSV: the filters apply, a totals line closes it, and a formula typed as a reference stays text.
    const supportToken = (await login(t.app, 'support@scriptorium.test')).accessToken;
    const csv = await get(`/api/v1/staff/payments.csv?clientId=${client.userId}&status=succeeded`, supportToken);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = (csv.text as string).trim().split('\n');
    expect(lines[0]).toMatch(/^payment_id,created_at,/);
    expect(lines).toHaveLength(1 + succeeded.body.items.length + 1);
    expect(lines.at(-1)).toContain(`TOTAL,,,,${succeeded.body.items.length} payments`);
    expect(lines.at(-1)).toContain(String(paid));
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv.text).toContain(order.number);
    expect((await get('/api/v1/staff/payments.csv', token)).status).toBe(403);
    const otherSite = (await login(t.app, 'support@b.scriptorium.test', { host: 'b.localhost' })).accessToken;
    const foreign = await request(t.app)
      .get(`/api/v1/staff/payments.csv?clientId=${client.userId}`)
      .set('Host', 'b.localhost')
      .set('Authorization', `Bearer ${otherSite}`);
    expect(foreign.text.trim().split('\n')).toHaveLength(2); // header and a zero total
    await expectLedgerBalanced();
  });
});
