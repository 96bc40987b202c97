import type { Actor } from '../../platform/actor.js';
import { createBatcher, type Outcome } from '../../platform/batcher.js';
import { currentTransaction, inTransaction } from '../../platform/database.js';
import { payOrdersFromWallet, type PayRequest, type WalletPayInput, type WalletPayment } from './wallet.js';

/**
 * How wallet payments reach the database under load: the hottest money path, so concurrent
 * requests commit in groups (platform/batcher) — one transaction, one statement per step, for up to
 * 64 payments — while each is still decided on its own by payOrdersFromWallet (wallet.ts, the
 * business rules). Measured by the wallet-payments benchmarks (docs/read-models.md).
 */

/**
 * A batch runs in its own transaction. When it fails as a whole (another process posted one of its
 * keys, an order paid twice in it with one refused, a database error), each request runs again
 * alone, so every client gets the answer it would have had unbatched.
 */
async function runBatch(requests: PayRequest[]): Promise<Array<Outcome<WalletPayment>>> {
  try {
    return await inTransaction(() => payOrdersFromWallet(requests));
  } catch (err) {
    if (requests.length === 1) return [{ ok: false, error: err }];
    return Promise.all(
      requests.map((request) =>
        inTransaction(() => payOrdersFromWallet([request])).then(
          ([outcome]) => outcome!,
          (error: unknown) => ({ ok: false as const, error }),
        ),
      ),
    );
  }
}

// Wallet payments are the hottest money path: under load they commit in groups (platform/batcher).
// Two batches in flight: one is written while the next gathers; more only made batches smaller
// and cost more CPU per payment (bench wallet-payments).
const walletPayments = createBatcher<PayRequest, WalletPayment>({
  run: runBatch,
  keyOf: (request) => request.actor.websiteId ?? 0,
  maxBatch: 64,
  maxInFlight: 2,
});

const unwrap = <T>(outcome: Outcome<T>): T => {
  if (outcome.ok) return outcome.value;
  throw outcome.error;
};

/**
 * Pays an order (all of what is owed, or a part) from the client's wallet. Inside a caller's
 * transaction it pays there, alone; otherwise it joins the next group of wallet payments.
 */
export async function payOrderFromWallet(actor: Actor, orderId: number, input: WalletPayInput = {}): Promise<WalletPayment> {
  const request = { actor, orderId, input };
  if (currentTransaction()) return unwrap((await payOrdersFromWallet([request]))[0]!);
  return walletPayments.submit(request);
}
