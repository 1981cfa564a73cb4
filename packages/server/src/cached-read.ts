/**
 * `read`, called at most once every `maxAgeMs`: callers in between share its promise. A failed
 * read is not kept, so the next call tries again. What the `/metrics` collectors that read the
 * registry use, so a scrape every few seconds does not turn into a registry query each time.
 */
export function cachedRead<T>(read: () => Promise<T>, maxAgeMs: number): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > maxAgeMs) {
      const value = Promise.resolve().then(read);
      const entry = { at: Date.now(), value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}
