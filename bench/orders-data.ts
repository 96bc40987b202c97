import { loadConfig } from '../config/index.js';
import { BENCH_EMAIL_DOMAIN, seedBenchOrders } from '../seeders/bench-orders.js';
import { seedDemo } from '../seeders/demo.js';
import { boot } from '../src/boot.js';
import { createLogger } from '../src/platform/logger.js';
import { migrate } from '../src/platform/migrator.js';

/**
 * The million-order data set the order benchmarks share: kept between runs
 * (scriptorium_bench_orders_1m) and topped up by the seeder when smaller than asked.
 */
export const ORDERS = Number(process.env.BENCH_ORDERS ?? 1_000_000);
export const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
export { BENCH_EMAIL_DOMAIN };

export async function prepareOrdersData(url: string): Promise<void> {
  const logger = createLogger('warn');
  const context = await boot(loadConfig({ DATABASE_URL: url, NODE_ENV: 'development', LOG_LEVEL: 'warn' }), logger);
  try {
    await migrate(context.sequelize, logger);
    await seedDemo();
    let last = 0;
    await seedBenchOrders(context.sequelize, {
      clients: CLIENTS,
      orders: ORDERS,
      onProgress: (done, total, stage) => {
        const pct = Math.floor((done / total) * 10);
        if (pct !== last || done === total) console.log(`  seeding ${stage}: ${done}/${total}`);
        last = pct;
      },
    });
  } finally {
    await context.close();
  }
}
