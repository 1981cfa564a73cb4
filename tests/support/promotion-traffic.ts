import type { EmbeddedChunk } from '@ragship/core';
import type { VectorStore } from '@ragship/vector-store';

/** What the promotion e2e tests observe: CLI results, traffic samples, store contents. */
export interface Move {
  kb: string;
  environment: string;
  from: string | null;
  to: string;
  changed: boolean;
  durationMs: number;
  copied?: number;
  verifiedDigest?: string | null;
  gates?: { metric: string; passed: boolean }[];
}
export interface Sample {
  sentAt: number;
  doneAt: number;
  status: number;
  version: string | null;
}

/** Every chunk of a segment, ordered by id: what "identical in both stores" compares. */
export async function readAll(store: VectorStore, segment: string): Promise<EmbeddedChunk[]> {
  const chunks: EmbeddedChunk[] = [];
  for await (const page of store.readChunks(segment)) chunks.push(...page);
  return chunks.sort((a, b) => a.id.localeCompare(b.id));
}

/** One client posting retrieve requests back to back while `running()`, recording each response. */
export async function retrieveLoop(url: string, running: () => boolean, samples: Sample[]): Promise<void> {
  while (running()) {
    const sentAt = Date.now();
    try {
      const response = await fetch(`${url}/v1/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'How do I roll back an index?', k: 3 }),
      });
      await response.arrayBuffer();
      samples.push({
        sentAt,
        doneAt: Date.now(),
        status: response.status,
        version: response.headers.get('x-index-version'),
      });
    } catch {
      samples.push({ sentAt, doneAt: Date.now(), status: 0, version: null });
    }
  }
}

/**
 * After `at`, how long until a response sent after it carried `version`, and whether every
 * response sent from 5 s after `at` until `end` carried it (no flapping back).
 */
export function switchOf(samples: readonly Sample[], version: string, at: number, end: number) {
  const first = samples
    .filter((sample) => sample.sentAt >= at && sample.version === version)
    .sort((a, b) => a.doneAt - b.doneAt)[0];
  const settled = samples.filter((sample) => sample.sentAt >= at + 5000 && sample.sentAt < end);
  return {
    visibleAfterMs: first ? first.doneAt - at : Infinity,
    settledOthers: settled.filter((sample) => sample.version !== version).length,
    settledCount: settled.length,
  };
}
