// Ingest, side by side on one Chroma server with one embedder instance: raw Chroma `add` of
// precomputed vectors (the store's ceiling: of the exact records ragship writes, and of the bare
// source chunks), ragship's ingest, and LangChain's index() at batch sizes 100 (its default) and
// 500; then unchanged re-runs, and rounds of 1% edits + 1% deletions.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '@ragship/core';
import { createEmbeddingCache, embedMany } from '@ragship/embeddings';
import { ingest } from '@ragship/ingest';
import { createRegistry } from '@ragship/registry';
import { createChromaVectorStore, segmentsOfVersion } from '@ragship/vector-store';
import { HNSW, chromaClient, rawAdd } from './chroma-side.mjs';
import { changeRound, writeCorpus } from './corpus.mjs';
import { NodeSqliteRecordManager, RagshipEmbeddings, runLangChainIndex, splitRecords } from './langchain-side.mjs';
import { summary } from './stats.mjs';

const defaults = parseConfig({}, 'bench');

/** A ragship workspace: its registry, store and embedding cache, all fresh. */
function ragshipWorkspace(dir, url) {
  return {
    registry: createRegistry(`sqlite:${path.join(dir, 'registry.db')}`, dir),
    store: createChromaVectorStore({ url }),
    cache: createEmbeddingCache({ file: path.join(dir, 'embedding-cache.db') }),
  };
}

function ragshipRun(workspace, corpusDir, kb, embedder) {
  return ingest({
    directory: corpusDir,
    kb,
    registry: workspace.registry,
    store: workspace.store,
    embedder,
    cache: workspace.cache,
    chunking: defaults.chunking,
    validation: defaults.validation,
    ingest: defaults.ingest,
    pipelineVersion: 'bench',
  });
}

/** ms and embedding calls of `fn`, with the embedder's counters read around it. */
async function timed(embedder, fn) {
  const [calls, texts] = [embedder.calls, embedder.texts];
  const started = performance.now();
  const result = await fn();
  return {
    ms: performance.now() - started,
    embedCalls: embedder.calls - calls,
    embedTexts: embedder.texts - texts,
    result,
  };
}

/** Raw add of `items` into a new collection, dropped after: vectors/s. */
async function rawThroughput(client, name, items, options) {
  const ms = await rawAdd(client, name, items, options);
  await client.deleteCollection({ name });
  return items.length / (ms / 1000);
}

/** Every chunk of a version's segments as `store` holds them. */
export async function readManifestChunks(store, manifest) {
  const chunks = [];
  for (const segment of manifest.segments)
    for await (const page of store.readChunks(segment.name)) chunks.push(...page);
  return chunks;
}

export async function benchIngest({ url, records, workdir, embedder, runs, log }) {
  const client = chromaClient(url);
  const corpusDir = writeCorpus(path.join(workdir, 'corpus'), records);
  // The bare source chunks raw add writes: LangChain's split of the same records with only their
  // source, embedded once, untimed.
  const split = await splitRecords(records, defaults.chunking);
  const vectors = await embedMany(
    embedder,
    split.map((doc) => doc.pageContent),
  );
  const items = split.map((doc, at) => ({
    id: `raw-${at}`,
    text: doc.pageContent,
    embedding: vectors[at],
    metadata: { source: doc.metadata.source },
  }));
  const embeddings = new RagshipEmbeddings(embedder);
  const full = { raw: [], rawTextInMetadata: [], rawSource: [], ragship: [], langchain100: [], langchain500: [] };
  const ragshipMs = [];
  // The exact records ragship's first run wrote (ids, text, every metadata field, vectors): what
  // the store's ceiling is measured with, as in the cross-store copy comparison.
  let written;
  let kept;

  for (let run = 1; run <= runs; run++) {
    const last = run === runs;
    full.rawSource.push(await rawThroughput(client, `bench-raw-source-${run}`, items));

    const dir = path.join(workdir, `ragship-${run}`);
    const workspace = ragshipWorkspace(dir, url);
    const kb = `scifact-r${run}`;
    const built = await timed(embedder, () => ragshipRun(workspace, corpusDir, kb, embedder));
    full.ragship.push(built.result.chunks.written / (built.ms / 1000));
    ragshipMs.push(built.ms);
    written ??= await readManifestChunks(workspace.store, (await workspace.registry.getVersion(kb, 1)).manifest);
    full.raw.push(await rawThroughput(client, `bench-raw-${run}`, written));
    full.rawTextInMetadata.push(
      await rawThroughput(client, `bench-raw-meta-${run}`, written, { textInMetadata: true }),
    );

    const lc = {};
    for (const batchSize of [100, 500]) {
      const collection = `bench-lc${batchSize}-${run}`;
      await client.createCollection({ name: collection, embeddingFunction: null, configuration: HNSW });
      const recordManager = new NodeSqliteRecordManager(path.join(dir, `records-${batchSize}.db`), collection);
      await recordManager.createSchema();
      const indexed = await runLangChainIndex({
        client,
        collection,
        records,
        chunking: defaults.chunking,
        embeddings,
        recordManager,
        batchSize,
      });
      full[`langchain${batchSize}`].push(indexed.chunks / (indexed.ms / 1000));
      lc[batchSize] = { collection, recordManager };
    }
    log(
      `full ingest run ${run}/${runs}: raw add ${full.raw.at(-1).toFixed(0)} vectors/s (ragship's records; texts in metadata as ragship writes them ${full.rawTextInMetadata.at(-1).toFixed(0)}; bare source chunks ${full.rawSource.at(-1).toFixed(0)}), ragship ${full.ragship.at(-1).toFixed(0)} chunks/s (${built.result.chunks.written} chunks), index() ${full.langchain100.at(-1).toFixed(0)} (batch 100) / ${full.langchain500.at(-1).toFixed(0)} (batch 500) chunks/s`,
    );
    if (last) {
      kept = { workspace, lc: lc[100], dir, kb };
      await client.deleteCollection({ name: lc[500].collection });
      lc[500].recordManager.close();
    } else {
      for (const segment of segmentsOfVersion(kb, 1)) await workspace.store.deleteSegment(segment);
      for (const { collection, recordManager } of Object.values(lc)) {
        await client.deleteCollection({ name: collection });
        recordManager.close();
      }
      workspace.cache.close();
      await workspace.registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // Unchanged re-runs against the last run's state.
  const unchanged = {
    ragship: [],
    incremental: [],
    full: [],
    ragshipEmbedCalls: 0,
    langchainEmbedCalls: { incremental: 0, full: 0 },
  };
  const lcRun = (cleanup, corpus) =>
    timed(embedder, () =>
      runLangChainIndex({
        client,
        collection: kept.lc.collection,
        records: corpus,
        chunking: defaults.chunking,
        embeddings,
        recordManager: kept.lc.recordManager,
        batchSize: 100,
        cleanup,
      }),
    );
  for (let run = 1; run <= runs; run++) {
    const again = await timed(embedder, () => ragshipRun(kept.workspace, corpusDir, kept.kb, embedder));
    unchanged.ragship.push(again.ms);
    unchanged.ragshipEmbedCalls += again.embedCalls;
    for (const cleanup of ['incremental', 'full']) {
      const indexed = await lcRun(cleanup, records);
      unchanged[cleanup].push(indexed.ms);
      unchanged.langchainEmbedCalls[cleanup] += indexed.embedCalls;
    }
    log(
      `unchanged re-run ${run}/${runs}: ragship ${again.ms.toFixed(0)} ms (${again.embedCalls} embedding calls), index() incremental ${unchanged.incremental.at(-1).toFixed(0)} ms, full ${unchanged.full.at(-1).toFixed(0)} ms`,
    );
  }

  // Rounds of 1% edited + 1% deleted, each on top of the last.
  const changed = { ragship: [], langchain: [], ragshipEmbedTexts: [], langchainEmbedTexts: [], edited: 0, deleted: 0 };
  let current = records;
  for (let round = 1; round <= runs; round++) {
    const next = changeRound(current, round);
    current = next.records;
    writeCorpus(corpusDir, current);
    const rerun = await timed(embedder, () => ragshipRun(kept.workspace, corpusDir, kept.kb, embedder));
    // cleanup full: the mode in which index() deletes what the source no longer has.
    const indexed = await lcRun('full', current);
    changed.ragship.push(rerun.ms);
    changed.langchain.push(indexed.ms);
    changed.ragshipEmbedTexts.push(rerun.embedTexts);
    changed.langchainEmbedTexts.push(indexed.embedTexts);
    [changed.edited, changed.deleted] = [next.edited, next.deleted];
    log(
      `1% edited + 1% deleted, round ${round}/${runs} (${next.edited} edited, ${next.deleted} deleted): ragship ${rerun.ms.toFixed(0)} ms (${rerun.embedTexts} texts embedded), index() full ${indexed.ms.toFixed(0)} ms (${indexed.embedTexts})`,
    );
  }

  kept.workspace.cache.close();
  kept.lc.recordManager.close();
  await kept.workspace.registry.close();
  return {
    records: records.length,
    chunks: written.length,
    sourceChunks: items.length,
    writtenMetadataFields: Object.keys(written[0]?.metadata ?? {}).length,
    full: Object.fromEntries(Object.entries(full).map(([name, values]) => [name, summary(values)])),
    ragshipFullMs: summary(ragshipMs),
    unchanged: {
      ragshipMs: summary(unchanged.ragship),
      incrementalMs: summary(unchanged.incremental),
      fullMs: summary(unchanged.full),
      ragshipEmbedCalls: unchanged.ragshipEmbedCalls,
      langchainEmbedCalls: unchanged.langchainEmbedCalls,
    },
    changed: {
      edited: changed.edited,
      deleted: changed.deleted,
      ragshipMs: summary(changed.ragship),
      langchainFullMs: summary(changed.langchain),
      ragshipEmbedTexts: summary(changed.ragshipEmbedTexts),
      langchainEmbedTexts: summary(changed.langchainEmbedTexts),
    },
    kept,
  };
}
