// Peak RSS of `ragship ingest` (the CLI, as users run it) at 1×, 4× and 16× the corpus, a synthetic
// scale-up in which every copy is a distinct document, so each is chunked, embedded and written.
// Each run starts from an empty registry and embedding cache.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createChromaVectorStore, segmentsOfVersion } from '@ragship/vector-store';
import { RAGSHIP } from '../ragship-cli.mjs';
import { scaleUp, writeCorpus } from './corpus.mjs';
import { summary } from './stats.mjs';

const PRELOAD = fileURLToPath(new URL('./report-peak-rss.mjs', import.meta.url));

export async function benchMemory({ url, records, workdir, factors, runs, log }) {
  const store = createChromaVectorStore({ url });
  const byFactor = {};
  for (const factor of factors) {
    const corpus = writeCorpus(path.join(workdir, `rss-corpus-x${factor}`), scaleUp(records, factor));
    const rssMiB = [];
    const chunksPerSecond = [];
    let chunks = 0;
    for (let run = 1; run <= runs; run++) {
      const cwd = path.join(workdir, `rss-x${factor}-${run}`);
      mkdirSync(cwd, { recursive: true });
      const kb = `rss-x${factor}-r${run}`;
      const rssFile = path.join(cwd, 'rss.json');
      const started = performance.now();
      const result = JSON.parse(
        execFileSync(process.execPath, ['--import', PRELOAD, RAGSHIP, 'ingest', corpus, '--kb', kb, '--json'], {
          cwd,
          env: { ...process.env, CHROMA_URL: url, RAGSHIP_BENCH_RSS_FILE: rssFile, RAGSHIP_ACTOR: 'bench' },
          encoding: 'utf8',
          maxBuffer: 256 * 2 ** 20,
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      chunks = result.chunks.written;
      rssMiB.push(JSON.parse(readFileSync(rssFile, 'utf8')).maxRssKiB / 1024);
      chunksPerSecond.push(chunks / seconds);
      log(
        `ingest peak RSS at ${factor}× (${records.length * factor} records, ${chunks} chunks), run ${run}/${runs}: ${rssMiB.at(-1).toFixed(0)} MiB in ${seconds.toFixed(0)} s`,
      );
      for (const segment of segmentsOfVersion(kb, 1)) await store.deleteSegment(segment);
      rmSync(cwd, { recursive: true, force: true });
    }
    rmSync(corpus, { recursive: true, force: true });
    byFactor[factor] = {
      records: records.length * factor,
      chunks,
      peakRssMiB: summary(rssMiB),
      chunksPerSecond: summary(chunksPerSecond),
    };
  }
  return byFactor;
}
