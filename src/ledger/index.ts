/** The ledger's public API: other areas import from here only (notes in ./service/post.ts). */
export { postTransaction, postTransactions } from './service/post.js';
export { reverseTransaction } from './service/reverse.js';
export { adjustAccount } from './service/adjust.js';
export { accountBalance, accountHistory, transactionEntries, walletBalance, type TransactionLine } from './service/queries.js';
export { checkLedger, type LedgerCheck, type LedgerProblem, type LedgerProblemKind } from './service/check.js';
export type {
  AccountBalance,
  AccountLocator,
  AdjustInput,
  HistoryItem,
  LedgerReference,
  PostedEntry,
  PostedTransaction,
  PostInput,
  WalletBalance,
} from './service/types.js';
export { ACCOUNT_KINDS, TRANSACTION_KINDS, type AccountKind, type AccountRef, type Posting, type TransactionKind } from './rules.js';
export { initLedgerModels, LedgerAccount, LedgerTransaction } from './models.js';
export { walletRouter } from './routes.js';
