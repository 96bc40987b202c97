import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { buildApp } from '../../src/app.js';
import { boot } from '../../src/boot.js';
import { systemActor } from '../../src/identity/actor.js';
import { User } from '../../src/identity/models.js';
import { nextRegistrationId } from '../../src/identity/service/create-user.js';
import { startSession } from '../../src/identity/service/sessions.js';
import { postTransaction } from '../../src/ledger/index.js';
import { createDraftOrder, submitOrder } from '../../src/orders/service/wizard.js';
import { clock } from '../../src/platform/clock.js';
import { inTransaction } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { Website } from '../../src/tenancy/models.js';

/**
 * The real app for the wallet-payments benchmark: migrated and seeded, then BENCH_CLIENTS clients,
 * each with a funded wallet (BENCH_WALLET_CENTS) and one order awaiting payment, signed in without
 * a password (a session opened directly: argon2 would dominate the set-up). Writes
 * [{ token, orderId, clientId }] to BENCH_FIXTURE_FILE, then prints `listening <url>`.
 */
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const context = await boot(config, logger);
await migrate(context.sequelize, logger);
await seedDemo();

const clients = Number(process.env.BENCH_CLIENTS ?? 64);
const walletCents = Number(process.env.BENCH_WALLET_CENTS ?? 1_000_000);
const website = (await Website.findOne({ where: { slug: 'scriptorium-a' } }))!;
const stamp = Date.now().toString(36);
const fixtures: Array<{ token: string; orderId: number; clientId: number }> = [];
for (let i = 0; i < clients; i += 1) {
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
    topic: 'Bench order', instructions: 'Paid one cent at a time', paperType: 'essay', academicLevel: 'undergraduate', subject: 'history', pages: 20,
    deadline: new Date(clock.now().getTime() + 10 * 86_400_000),
  });
  const order = await submitOrder(actor, draft.id);
  await postTransaction(systemActor(website.id), {
    websiteId: website.id, currency: website.currency, kind: 'wallet_topup_card', reference: { type: 'bench', id: user.id },
    idempotencyKey: `bench-fund:${stamp}:${user.id}`, postings: [{ from: { kind: 'stripe_clearing' }, to: { kind: 'client_wallet', ownerId: user.id }, amountCents: walletCents }],
  });
  const session = await inTransaction(() => startSession(user, website.id, 'bench', '127.0.0.1'));
  fixtures.push({ token: session.tokens.accessToken, orderId: order.id, clientId: user.id });
}
await writeFile(process.env.BENCH_FIXTURE_FILE!, JSON.stringify(fixtures));

const server = (await buildApp(context, { admin: false })).listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void context.close().then(() => process.exit(0));
});
