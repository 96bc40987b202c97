import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';

/**
 * The namespace Sequelize's CLS needs (run/get/set/bind), on Node's AsyncLocalStorage rather than
 * cls-hooked: the same "the current use case's transaction follows every await" guarantee, without
 * cls-hooked's global async hooks taxing every request of the process (benchmarked).
 */
export class AsyncContextNamespace {
  private readonly storage = new AsyncLocalStorage<Map<string, unknown>>();

  /** Runs `fn` in a new context that starts as a copy of the current one (like cls-hooked's run). */
  run<T>(fn: (context: Map<string, unknown>) => T): T {
    const context = new Map(this.storage.getStore());
    return this.storage.run(context, () => fn(context));
  }

  get(key: string): unknown {
    return this.storage.getStore()?.get(key);
  }

  set<T>(key: string, value: T): T {
    const context = this.storage.getStore();
    if (!context) throw new Error(`No async context to set "${key}" in: call it inside run()`);
    context.set(key, value);
    return value;
  }

  bind<F extends (...args: never[]) => unknown>(fn: F): F {
    return AsyncResource.bind(fn as never) as unknown as F;
  }
}
