import { SingleBar, Presets } from 'cli-progress';
import type { Sequelize } from 'sequelize';
import { seedBenchOrders } from './bench-orders.js';

/** `npm run seed -- bench [orders] [clients]`: the bench data set with a progress bar. */
export async function runBenchSeed(sequelize: Sequelize, args: string[]): Promise<void> {
  const orders = Number(args[0] ?? 1_000_000);
  const clients = Number(args[1] ?? 100_000);
  if (!Number.isSafeInteger(orders) || !Number.isSafeInteger(clients) || orders < 0 || clients < 1) {
    throw new Error('usage: npm run seed -- bench [orders=1000000] [clients=100000]');
  }
  const bar = new SingleBar(
    { format: ' {stage} |{bar}| {value}/{total} ({percentage}%) {eta_formatted} left', hideCursor: true },
    Presets.shades_classic,
  );
  let stage = '';
  const started = Date.now();
  const result = await seedBenchOrders(sequelize, {
    clients,
    orders,
    onProgress: (done, total, current) => {
      if (current !== stage) {
        if (stage) bar.stop();
        stage = current;
        bar.start(total, done, { stage: current.padEnd(7) });
      } else bar.update(done, { stage: current.padEnd(7) });
    },
  });
  if (stage) bar.stop();
  console.log(`bench data: ${result.clients} clients, ${result.orders} orders (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
