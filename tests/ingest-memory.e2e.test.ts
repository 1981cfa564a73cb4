import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { runCli } from './support/run-cli.js';

/** A JSON Lines corpus of `records` short abstracts (one chunk each). */
function writeCorpus(directory: string, records: number): void {
  mkdirSync(directory, { recursive: true });
  const lines = Array.from({ length: records }, (_, index) =>
    JSON.stringify({
      id: `r${index}`,
      title: `Record ${index}`,
      text: `Synthetic abstract number ${index} about proteins, cells and trials. `.repeat(6),
    }),
  );
  writeFileSync(path.join(directory, 'corpus.jsonl'), lines.join('\n'));
}

// The CLI's modules alone take about 41 MB of heap (the Pinecone client loads only when a store
// needs it). The BM25 index a version carries grows with the corpus by design (about 1.1 KB per
// chunk here: 9 MB at 8,000 chunks, and as much again while it is serialized), like any inverted
// index. Under an 88 MB cap the batched pipeline ingests the 1× and the 4× corpus alike, while
// holding the 4× corpus in one batch runs out of heap (the control below), so the cap still tells a
// pipeline whose batches follow the corpus from one whose batches do not. Peak live heap measured
// with --trace-gc: 63 MB at 1× and 70 MB at 4× when every embedding is a cache hit (the fastest
// embedder, so the most batches could queue for the store); the control needs more than 96 MB.
const HEAP_CAP = ['--max-old-space-size=88'];

describe('ingest memory', () => {
  let chroma: TestChroma;
  let workdir: string;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workdir = mkdtempSync(path.join(tmpdir(), 'ragship-memory-'));
    writeCorpus(path.join(workdir, 'x1'), 2000);
    writeCorpus(path.join(workdir, 'x4'), 8000);
  });
  afterAll(async () => {
    await chroma?.stop();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('when the corpus is 4× larger, then ingest still fits the same small heap: memory follows the batch, not the corpus', async () => {
    const env = { CHROMA_URL: chroma.url };
    for (const [corpus, documents] of [
      ['x1', 2000],
      ['x4', 8000],
    ] as const) {
      const run = await runCli(['ingest', corpus, '--kb', corpus, '--json'], {
        cwd: workdir,
        env,
        nodeOptions: HEAP_CAP,
      });
      expect(run.code, run.stderr.slice(-2000)).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ status: 'ready', documents: { added: documents } });
    }

    writeFileSync(path.join(workdir, 'ragship.config.yaml'), 'ingest: { batchSize: 10000 }\n');
    const unbatched = await runCli(['ingest', 'x4', '--kb', 'unbatched', '--json'], {
      cwd: workdir,
      env,
      nodeOptions: HEAP_CAP,
    });
    expect(unbatched.stderr).toMatch(/heap out of memory/);
    // A memory test, not a speed test: three runs in a small heap spend much of their time in the
    // garbage collector, and on a busy machine that took past the 120 s default (a failed CI run).
  }, 480_000);
});
