/** Monthly statements per website, from the ledger (issue 14): the sub-area's public module. */
export { monthlyStatement, type Statement, type StatementBalance, type StatementLine } from './figures.js';
export { renderStatementPdf } from './pdf.js';
export { downloadStatementPdf, sendMonthlyStatements, type StatementRunResult } from './deliver.js';
