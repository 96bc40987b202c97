import { adjustAccount } from '../src/ledger/index.js';
import { User } from '../src/identity/index.js';
import { Website } from '../src/tenancy/index.js';
import { DEMO_WEBSITES } from './demo.js';

/** Wallet credit of each demo client, so the demo can pay for an order from the wallet at once. */
export const DEMO_WALLET_CREDIT_CENTS = 25_000;

/**
 * Money for the demo (after seedDemo): each demo client's wallet gets a credit, posted as an
 * audited staff adjustment by the website's demo admin, so `npm run ledger:check` has real
 * postings to balance. Idempotent through the ledger's idempotency key. Tests do not call it:
 * their fixtures start from empty wallets.
 */
export async function seedDemoMoney(): Promise<{ credited: number }> {
  let credited = 0;
  for (const spec of DEMO_WEBSITES) {
    const website = await Website.findOne({ where: { slug: spec.slug } });
    if (!website) continue;
    const admin = await User.findOne({ where: { websiteId: website.id, email: `admin@${spec.emailDomain}` } });
    const client = await User.findOne({ where: { websiteId: website.id, email: `client@${spec.emailDomain}` } });
    if (!admin || !client) continue;
    const posted = await adjustAccount(
      { userId: admin.id, role: 'admin', websiteId: website.id },
      {
        accountRef: { kind: 'client_wallet', ownerId: client.id },
        amountCents: DEMO_WALLET_CREDIT_CENTS,
        reason: 'Demo wallet credit',
        idempotencyKey: `demo-seed:wallet-credit:${client.id}`,
      },
    );
    if (!posted.replayed) credited++;
  }
  return { credited };
}
