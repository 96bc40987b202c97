import { createClient } from 'redis';
import type { Logger } from './logger.js';

function makeClient(url: string) {
  return createClient({
    url,
    socket: { reconnectStrategy: (retries: number) => Math.min(retries * 200, 5_000), connectTimeout: 5_000 },
  });
}

export type RedisClient = ReturnType<typeof makeClient>;

export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = makeClient(url);
  client.on('error', (err: Error) => logger.error({ err }, 'redis error'));
  await client.connect();
  return client;
}
