/**
 * Group commit for a hot use case: callers submit one item each and get their own answer, while
 * the items are run in batches. At most `maxInFlight` batches run at once; items submitted while
 * they run wait and go together in the next (up to `maxBatch`, items of one `keyOf` per batch). An
 * idle system runs each item at once, alone; a busy one turns many small transactions into a few
 * larger ones. `run` answers every item of its batch (an outcome per item, in order).
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface Batcher<I, O> {
  submit(item: I): Promise<O>;
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function createBatcher<I, O>(options: {
  run: (items: I[]) => Promise<Array<Outcome<O>>>;
  keyOf: (item: I) => string | number;
  maxBatch: number;
  maxInFlight: number;
}): Batcher<I, O> {
  const queue: Array<Waiting<I, O>> = [];
  let inFlight = 0;

  function takeBatch(): Array<Waiting<I, O>> {
    const key = options.keyOf(queue[0]!.item);
    const batch: Array<Waiting<I, O>> = [];
    for (let i = 0; i < queue.length && batch.length < options.maxBatch;) {
      if (options.keyOf(queue[i]!.item) === key) batch.push(...queue.splice(i, 1));
      else i += 1;
    }
    return batch;
  }

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length) {
      const batch = takeBatch();
      inFlight += 1;
      options
        .run(batch.map((w) => w.item))
        .then(
          (outcomes) =>
            batch.forEach((w, i) => {
              const outcome = outcomes[i];
              if (!outcome) w.reject(new Error('the batch gave no answer for this item'));
              else if (outcome.ok) w.resolve(outcome.value);
              else w.reject(outcome.error);
            }),
          (err: unknown) => batch.forEach((w) => w.reject(err)),
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
