/**
 * PGlite-socket serves every connection through one PGlite by queueing their protocol messages
 * one at a time. It keeps a connection's messages together only inside a transaction, so when a
 * message arrives in several socket reads (a Bind of a few hundred kB) another connection's whole
 * Parse/Bind/Execute/Sync can run between this one's Parse and Bind: the unnamed statement is
 * replaced, and the first query binds the other's statement — an error, or silently the other
 * query's answer (test/platform/embedded-database.test.ts shows both). Real PostgreSQL has one
 * backend per connection and never does this.
 *
 * This replaces the queue's scheduler (same behaviour otherwise) so that a connection that has
 * begun an extended-protocol sequence keeps the database until its Sync, as it does inside a
 * transaction. It reaches into @electric-sql/pglite-socket 0.2.x internals, pinned in package.json.
 */

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

interface PGliteLike {
  isInTransaction(): boolean;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<unknown>;
}

export interface QueryQueueInternals {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGliteLike;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Messages of an extended-protocol sequence before its Sync: Parse, Bind, Describe, Execute, Close, Flush. */
const WITHIN_SEQUENCE = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));

export function keepProtocolSequencesTogether(queue: QueryQueueInternals): void {
  if (!Array.isArray(queue.queue) || typeof queue.processQueue !== 'function' || typeof queue.clearQueueForHandler !== 'function') {
    throw new Error('@electric-sql/pglite-socket changed its query queue: review src/platform/pglite-sequences.ts');
  }
  /** The connection in the middle of a sequence (between its Parse and its Sync), if any. */
  let sequenceOf: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueueInternals): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = sequenceOf ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === owner);
        // The owner's next message is not here yet: its arrival starts the queue again.
        if (index === -1) return;
        const [item] = this.queue.splice(index, 1) as [QueuedMessage];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (err) {
          sequenceOf = null;
          item.reject(err);
          continue;
        }
        sequenceOf = WITHIN_SEQUENCE.has(item.message[0]!) ? item.handlerId : null;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = function clearQueueForHandler(handlerId: number): void {
    clear(handlerId);
    // A connection gone mid-sequence must not hold the database.
    if (sequenceOf === handlerId) {
      sequenceOf = null;
      void queue.processQueue();
    }
  };
}
