import { loadConfig } from '../../config/index.js';
import { seedDemo } from '../../seeders/demo.js';
import { buildApp } from '../../src/app.js';
import { boot } from '../../src/boot.js';
import { createLogger } from '../../src/platform/logger.js';
import { migrate } from '../../src/platform/migrator.js';
import { startDiagnostics } from './diagnostics.js';

/**
 * The real app (API, without the back office unless BENCH_WITH_ADMIN=true), migrated and seeded, on a free loopback port: the
 * configuration comes from the environment the benchmark gives it. Prints `listening <url>`.
 */
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const context = await boot(config, logger);
await migrate(context.sequelize, logger);
await seedDemo();
// BENCH_WITH_ADMIN=true mounts the back office too (the admin list benchmark).
const server = (await buildApp(context, { admin: process.env.BENCH_WITH_ADMIN === 'true' })).listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
});
const diagnostics = startDiagnostics(server);
const poolWait = diagnostics.histogram('poolWait');
const connectionHeld = diagnostics.histogram('connectionHeld');
if (poolWait && connectionHeld) {
  // How long requests queue for one of the pool's connections, and how long each holds one.
  const manager = context.sequelize.connectionManager as unknown as {
    getConnection(options: object): Promise<object>;
    releaseConnection(connection: object): void;
  };
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const heldSince = new WeakMap<object, bigint>();
  manager.getConnection = async (options) => {
    const start = process.hrtime.bigint();
    const connection = await getConnection(options);
    const now = process.hrtime.bigint();
    poolWait.record(now - start || 1n);
    heldSince.set(connection, now);
    return connection;
  };
  manager.releaseConnection = (connection) => {
    const since = heldSince.get(connection);
    if (since !== undefined) connectionHeld.record(process.hrtime.bigint() - since || 1n);
    releaseConnection(connection);
  };
}
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void context.close().then(() => process.exit(0));
});
