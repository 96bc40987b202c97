import PDFDocument from 'pdfkit';
import { systemActor, type Actor } from '../../platform/actor.js';
import { brandOf, portalBaseUrl, sendSafely, User } from '../../identity/index.js';
import { Order } from '../../orders/index.js';
import { NotFound } from '../../platform/errors.js';
import { formatMoney } from '../../platform/money.js';
import { Website } from '../../tenancy/index.js';
import { Payment } from '../models.js';
import { canSeePayment } from '../policy.js';
import type { PaymentMethod, PaymentPurpose } from '../rules.js';

/** Receipts for succeeded payments: the same facts as a PDF (client download) and as an email. */

export interface Receipt {
  paymentId: number;
  websiteName: string;
  receiptNumber: string;
  clientRegistrationId: string;
  orderNumber: string | null;
  amount: string;
  amountCents: number;
  currency: string;
  method: string;
  purpose: string;
  paidAt: string;
}

const METHOD_LABEL: Record<PaymentMethod, string> = { wallet: 'Wallet balance', card: 'Card', manual: 'Offline payment' };
const PURPOSE_LABEL: Record<PaymentPurpose, string> = {
  order: 'Order payment',
  wallet_topup: 'Wallet top-up',
  deadline_change: 'Deadline change',
  installment: 'Installment',
  revision: 'Paid revision',
};

interface ReceiptSource {
  receipt: Receipt;
  succeededAt: Date;
  website: Website;
  client: User;
}

async function receiptSource(actor: Actor, paymentId: number): Promise<ReceiptSource> {
  const payment = Number.isSafeInteger(paymentId) && paymentId > 0 ? await Payment.findByPk(paymentId) : null;
  // Only a succeeded payment has a receipt; anything else (or someone else's) does not exist here.
  if (!payment || !canSeePayment(actor, payment) || payment.status !== 'succeeded') throw NotFound('Receipt');
  const [website, client, order] = await Promise.all([
    Website.findByPk(payment.websiteId),
    User.findByPk(payment.clientId),
    payment.orderId ? Order.findByPk(payment.orderId, { attributes: ['id', 'number'] }) : null,
  ]);
  const receipt: Receipt = {
    paymentId: payment.id,
    websiteName: website!.name,
    receiptNumber: payment.receiptNumber!,
    clientRegistrationId: client!.registrationId,
    orderNumber: order?.number ?? null,
    amount: formatMoney(payment.amountCents, payment.currency),
    amountCents: payment.amountCents,
    currency: payment.currency,
    method: METHOD_LABEL[payment.method],
    // Card money the order could no longer take (paid meanwhile, cancelled) went to the wallet: say so.
    purpose: payment.creditedToWallet ? `${PURPOSE_LABEL[payment.purpose]} — credited to your wallet` : PURPOSE_LABEL[payment.purpose],
    paidAt: payment.succeededAt!.toISOString().replace('T', ' ').slice(0, 16) + ' UTC',
  };
  return { receipt, succeededAt: payment.succeededAt!, website: website!, client: client! };
}

/** The receipt's facts, for whoever may see the payment (404 otherwise or when not succeeded). */
export async function getReceipt(actor: Actor, paymentId: number): Promise<Receipt> {
  return (await receiptSource(actor, paymentId)).receipt;
}

function renderPdf(receipt: Receipt, createdAt: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A fixed creation date keeps the file identical for the same payment.
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: { Title: `Receipt ${receipt.receiptNumber}`, Author: receipt.websiteName, CreationDate: createdAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(22).text(receipt.websiteName);
    doc.moveDown(0.5).fontSize(16).text(`Receipt ${receipt.receiptNumber}`);
    doc.moveDown();
    const rows: Array<[string, string]> = [
      ['Date', receipt.paidAt],
      ['Client', receipt.clientRegistrationId],
      ['For', receipt.orderNumber ? `${receipt.purpose}, order ${receipt.orderNumber}` : receipt.purpose],
      ['Method', receipt.method],
      ['Amount', receipt.amount],
    ];
    doc.fontSize(12);
    for (const [label, value] of rows) doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
    doc.moveDown(2).fontSize(9).fillColor('#6b7280').text(`Payment ${receipt.paymentId}. Keep this receipt for your records.`);
    doc.end();
  });
}

/** The PDF receipt of a payment the actor may see. */
export async function renderReceiptPdf(actor: Actor, paymentId: number): Promise<{ filename: string; pdf: Buffer }> {
  const { receipt, succeededAt } = await receiptSource(actor, paymentId);
  return { filename: `receipt-${receipt.receiptNumber}.pdf`, pdf: await renderPdf(receipt, succeededAt) };
}

/**
 * Emails the receipt, with its PDF, to the client (the receipt outbox calls this for each pending
 * receipt). Returns whether it was sent; failures are logged by sendSafely, never thrown.
 */
export async function sendReceiptEmail(paymentId: number): Promise<boolean> {
  const { receipt, succeededAt, website, client } = await receiptSource(systemActor(), paymentId);
  const base = portalBaseUrl(website);
  return sendSafely({
    to: client.email,
    template: 'payment-receipt',
    websiteId: website.id,
    brand: brandOf(website),
    data: { ...receipt, displayName: client.displayName, receiptUrl: `${base}/api/v1/payments/${receipt.paymentId}/receipt.pdf` },
    attachments: [
      { filename: `receipt-${receipt.receiptNumber}.pdf`, content: await renderPdf(receipt, succeededAt), contentType: 'application/pdf' },
    ],
  });
}
