import type { Actor } from '../../platform/actor.js';
import type { Order } from '../../orders/index.js';
import type { Payment } from '../models.js';

/**
 * How an installment is paid from the client's wallet: by the payments area's wallet payment
 * (src/payments/service/wallet.ts), which itself asks installments which plan a payment belongs
 * to. Provided from src/wiring.ts so that the two do not import each other.
 */
export interface InstallmentWallet {
  /** payOrderFromWallet: a partial payment of the order, recorded as paying this installment. */
  payOrder(
    actor: Actor,
    orderId: number,
    input: { amountCents: number; requestKey?: string; installmentId: number },
  ): Promise<{ payment: Payment; order: Order; replayed: boolean }>;
  /** The payment an earlier request posted with this ledger key, if any. */
  paymentPostedWith(websiteId: number, key: string): Promise<Payment | null>;
}

let wallet: InstallmentWallet | undefined;

/** Registers the wallet (src/wiring.ts); registering again replaces it. */
export function provideInstallmentWallet(next: InstallmentWallet): void {
  wallet = next;
}

export function installmentWallet(): InstallmentWallet {
  if (!wallet) throw new Error('No wallet for installments: src/wiring.ts registers it at boot');
  return wallet;
}
