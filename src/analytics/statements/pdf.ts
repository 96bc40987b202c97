import PDFDocument from 'pdfkit';
import { formatMoney } from '../../platform/money.js';
import type { Statement } from './figures.js';
import type { StatementSection } from './lines.js';

/**
 * The statement as an A4 PDF (pdfkit, as the payment receipts): each section's lines with what
 * they mean, then the balances at the month's start and end. Money is formatted here only, in the
 * website's currency. The file's dates are the statement's own, so the same figures give the
 * same file.
 */

const MARGIN = 50;
const WIDTH = 595.28 - 2 * MARGIN;
const GREY = '#6b7280';

export function monthTitle(month: string): string {
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

const stamp = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);

function amountRow(doc: PDFKit.PDFDocument, label: string, amounts: string[], bold: boolean): void {
  const y = doc.y;
  const column = 110;
  doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
  doc.text(label, MARGIN, y, { width: WIDTH - column * amounts.length });
  const after = doc.y;
  amounts.forEach((amount, i) => {
    const x = MARGIN + WIDTH - column * (amounts.length - i);
    doc.text(amount, x, y, { width: column, align: 'right' });
  });
  doc.y = Math.max(after, doc.y);
  doc.x = MARGIN;
}

function note(doc: PDFKit.PDFDocument, text: string): void {
  doc
    .font('Helvetica')
    .fontSize(8)
    .fillColor(GREY)
    .text(text, MARGIN, doc.y, { width: WIDTH - 120 })
    .fillColor('black');
  doc.moveDown(0.3);
}

function heading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y > 720) doc.addPage();
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(text, MARGIN, doc.y, { width: WIDTH });
  doc
    .moveTo(MARGIN, doc.y + 2)
    .lineTo(MARGIN + WIDTH, doc.y + 2)
    .strokeColor('#d1d5db')
    .stroke();
  doc.moveDown(0.5);
}

function drawLines(doc: PDFKit.PDFDocument, statement: Statement): void {
  const money = (cents: number) => formatMoney(cents, statement.currency);
  for (const section of Object.keys(statement.sections) as StatementSection[]) {
    heading(doc, statement.sections[section]);
    for (const line of statement.lines.filter((l) => l.section === section)) {
      if (doc.y > 760) doc.addPage();
      amountRow(doc, line.label, [money(line.amountCents)], line.total);
      note(doc, line.explanation);
    }
  }
}

function drawBalances(doc: PDFKit.PDFDocument, statement: Statement): void {
  const money = (cents: number) => formatMoney(cents, statement.currency);
  heading(doc, 'Balances');
  amountRow(doc, 'Account', ['At the start', 'At the end'], true);
  doc.moveDown(0.3);
  for (const balance of statement.balances) {
    if (doc.y > 760) doc.addPage();
    amountRow(doc, balance.label, [money(balance.openingCents), money(balance.closingCents)], false);
    note(doc, balance.explanation);
  }
  note(
    doc,
    'Ledger accounts sum to zero: money held (wallets, escrow, payables, revenue) is matched by what came in (negative clearing balances).',
  );
}

/** The statement's PDF. `compress: false` leaves the page text readable in the file (tests). */
export function renderStatementPdf(statement: Statement, options: { compress?: boolean } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title = `${statement.websiteName}: statement for ${monthTitle(statement.month)}`;
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      compress: options.compress ?? true,
      info: { Title: title, Author: statement.websiteName, CreationDate: statement.generatedAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    doc.font('Helvetica-Bold').fontSize(20).text(statement.websiteName);
    doc
      .font('Helvetica')
      .fontSize(14)
      .text(`Monthly statement, ${monthTitle(statement.month)}`);
    doc.moveDown(0.3).fontSize(9).fillColor(GREY);
    doc.text(
      `From ${stamp(statement.periodStart, statement.timezone)} to ${stamp(statement.periodEnd, statement.timezone)} (${statement.timezone}), ` +
        `amounts in ${statement.currency}. ${statement.transactionCount} ledger transactions.` +
        (statement.partial ? ' The month is not over: figures to date.' : ''),
    );
    doc.fillColor('black');
    drawLines(doc, statement);
    drawBalances(doc, statement);
    doc.moveDown(1);
    note(
      doc,
      `Made from the ledger on ${stamp(statement.generatedAt, statement.timezone)}. Reversed transactions count under what they reverse.`,
    );
    doc.end();
  });
}
