import { systemActor } from '../../src/platform/actor.js';
import { User } from '../../src/identity/models.js';
import { nextRegistrationId } from '../../src/identity/service/create-user.js';
import { postTransaction } from '../../src/ledger/index.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { Website } from '../../src/tenancy/models.js';

export interface WalletPayer {
  user: User;
  websiteId: number;
  orderId: number;
}

/**
 * The wallet benchmarks' payers on demo website A: `count` clients, each with a wallet funded with
 * `walletCents` (a card top-up posting) and one order of 20 pages awaiting payment — enough to be
 * paid one cent at a time for the whole run. Needs a booted, migrated and seeded context.
 */
export async function createWalletPayers(count: number, walletCents: number): Promise<WalletPayer[]> {
  const website = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!;
  const stamp = Date.now().toString(36);
  const payers: WalletPayer[] = [];
  for (let i = 0; i < count; i += 1) {
    const user = await inTransaction(async () =>
      User.create({
        websiteId: website.id,
        role: 'client',
        registrationId: await nextRegistrationId('client'),
        email: `bench-payer-${stamp}-${i}@bench.test`,
        passwordHash: 'not-a-hash',
        displayName: `Bench payer ${i}`,
      }),
    );
    const actor = { userId: user.id, role: 'client' as const, websiteId: website.id };
    const draft = await createDraftOrder(actor, {
      topic: 'Bench order',
      instructions: 'Paid one cent at a time',
      paperType: 'essay',
      academicLevel: 'undergraduate',
      subject: 'history',
      pages: 20,
      deadline: new Date(clock.now().getTime() + 10 * 86_400_000),
    });
    const order = await submitOrder(actor, draft.id);
    await postTransaction(systemActor(website.id), {
      websiteId: website.id,
      currency: website.currency,
      kind: 'wallet_topup_card',
      reference: { type: 'bench', id: user.id },
      idempotencyKey: `bench-fund:${stamp}:${user.id}`,
      postings: [{ from: { kind: 'stripe_clearing' }, to: { kind: 'client_wallet', ownerId: user.id }, amountCents: walletCents }],
    });
    payers.push({ user, websiteId: website.id, orderId: order.id });
  }
  return payers;
}
