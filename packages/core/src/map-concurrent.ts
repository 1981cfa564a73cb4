/**
 * `fn` over every item with at most `concurrency` calls in flight, results in the items' order.
 * `onDone` counts finished calls (for progress); `signal` stops starting new ones. The first
 * failure rejects the whole and no further calls start.
 */
export async function mapConcurrent<Item, Result>(
  items: readonly Item[],
  fn: (item: Item, index: number) => Promise<Result>,
  options: { concurrency?: number; onDone?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  let next = 0;
  let done = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      options.signal?.throwIfAborted();
      const at = next++;
      try {
        results[at] = await fn(items[at] as Item, at);
      } catch (error) {
        failed = true;
        throw error;
      }
      options.onDone?.(++done, items.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return results;
}
