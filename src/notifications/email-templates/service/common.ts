import type { Transaction } from 'sequelize';
import { currentTransaction } from '../../../platform/database.js';

/**
 * The transaction a mail-side query may use: the caller's while it is open, none once it has
 * finished (senders often mail from afterCommit, where the committed transaction is still the
 * current one; the embedded database runs one transaction at a time, so an open one is joined).
 */
export function usableTransaction(): Transaction | null {
  const t = currentTransaction() as (Transaction & { finished?: string }) | undefined;
  return t && !t.finished ? t : null;
}
