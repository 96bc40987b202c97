import { writeFile } from 'node:fs/promises';
import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { buildApp } from '../../src/app.js';
import { boot } from '../../src/boot.js';
import { startSession } from '../../src/identity/service/sessions.js';
import { inTransaction } from '../../src/platform/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { createWalletPayers } from './wallet-fixtures.js';

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

const payers = await createWalletPayers(Number(process.env.BENCH_CLIENTS ?? 64), Number(process.env.BENCH_WALLET_CENTS ?? 1_000_000));
const fixtures: Array<{ token: string; orderId: number; clientId: number }> = [];
for (const { user, websiteId, orderId } of payers) {
  const session = await inTransaction(() => startSession(user, websiteId, 'bench', '127.0.0.1'));
  fixtures.push({ token: session.tokens.accessToken, orderId, clientId: user.id });
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
