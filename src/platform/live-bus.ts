import { EventEmitter } from 'node:events';
import { ctx, type AppContext } from './context.js';
import type { RedisClient } from './redis.js';

/**
 * Live fan-out between API processes: a message published on a topic (e.g. `user:42`) reaches every
 * subscriber of that topic in every process. With Redis it goes through Redis pub/sub (one
 * subscriber connection per process, subscribed only to the topics its open streams need); without
 * REDIS_URL (single-process mode) through an in-memory emitter of this process.
 *
 * Messages are hints, not data: Redis pub/sub delivers at most once and only to whoever listens at
 * that moment, so a subscriber reads what it must show from the database when woken. Publish only
 * after the rows a message points at have committed.
 */
export type LiveListener = (message: Record<string, unknown>) => void;

interface Bus {
  publish(topic: string, message: object): Promise<void>;
  subscribe(topic: string, listener: LiveListener): Promise<() => Promise<void>>;
}

function memoryBus(): Bus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(topic, message) {
      const copy = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
      // Asynchronous like Redis: a publisher never runs its subscribers' work on its own stack.
      setImmediate(() => emitter.emit(topic, copy));
    },
    async subscribe(topic, listener) {
      emitter.on(topic, listener);
      return async () => void emitter.off(topic, listener);
    },
  };
}

function redisBus(context: AppContext, redis: RedisClient): Bus {
  const channel = (topic: string) => `${context.config.REDIS_PREFIX}live:${topic}`;
  let subscriber: Promise<RedisClient> | undefined;
  const connectSubscriber = (): Promise<RedisClient> =>
    (subscriber ??= (async () => {
      const client = redis.duplicate();
      client.on('error', (err: Error) => context.logger.error({ err }, 'redis live subscriber error'));
      try {
        await client.connect();
      } catch (err) {
        subscriber = undefined; // the next stream tries again
        throw err;
      }
      // It lives as long as the process's main client: closing the context closes it too.
      redis.once('end', () => void client.close());
      return client;
    })());
  return {
    async publish(topic, message) {
      await redis.publish(channel(topic), JSON.stringify(message));
    },
    async subscribe(topic, listener) {
      const client = await connectSubscriber();
      const onMessage = (raw: string) => {
        try {
          listener(JSON.parse(raw) as Record<string, unknown>);
        } catch (err) {
          context.logger.warn({ err, topic }, 'a live message could not be handled');
        }
      };
      await client.subscribe(channel(topic), onMessage);
      return async () => {
        if (client.isOpen) await client.unsubscribe(channel(topic), onMessage);
      };
    },
  };
}

// Per application context, so several apps in one process (tests) keep their own buses.
const busByContext = new WeakMap<object, Bus>();
function bus(): Bus {
  const context = ctx();
  let found = busByContext.get(context);
  if (!found) busByContext.set(context, (found = context.redis ? redisBus(context, context.redis) : memoryBus()));
  return found;
}

/** Sends `message` to every subscriber of `topic`, in every process (with Redis) or in this one. */
export const publishLive = (topic: string, message: object): Promise<void> => bus().publish(topic, message);

/** Listens to `topic` until the returned function is called. */
export const subscribeLive = (topic: string, listener: LiveListener): Promise<() => Promise<void>> => bus().subscribe(topic, listener);
