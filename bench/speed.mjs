// Speed, side by side in one run on one machine, corpus, embedder and Chroma server: ragship
// against LangChain.js's indexing API and raw Chroma. Writes bench/RESULTS.md and
// bench/results/speed.json (with --quick: bench/results/speed-quick.{md,json}) and prints the table.
//
//   npm run bench              # full: the SciFact corpus, 3 runs of everything
//   npm run bench -- --quick   # ~2 minutes: 600 SciFact records, 3 runs
//   options: --data <dir> (default ../shared/data), --runs <n> (default 3), --json (summary on stdout),
//   --render-only (re-write RESULTS.md from bench/results/speed.json)

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startTestChroma } from '@ragship/chroma-server/testing';
import { createLocalEmbedder } from '@ragship/embeddings';
import { countingEmbedder } from '@ragship/embeddings/testing';
import { readJsonLines } from './dev-data.mjs';
import { benchIngest } from './speed/ingest-bench.mjs';
import { formatSummary } from './speed/stats.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const QUICK_RECORDS = 600;

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      data: { type: 'string', default: path.resolve(BENCH_DIR, '..', '..', 'shared', 'data') },
      runs: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      'render-only': { type: 'boolean', default: false },
    },
  });
  if (values['render-only']) {
    // Re-writes RESULTS.md from the last full run's JSON, e.g. after editing speed/analysis.md.
    const report = JSON.parse(readFileSync(path.join(BENCH_DIR, 'results', 'speed.json'), 'utf8'));
    writeFileSync(path.join(BENCH_DIR, 'RESULTS.md'), renderMarkdown(report));
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs must be a positive whole number, got "${values.runs}"`);
  const corpusFile = path.join(values.data, 'scifact', 'corpus.jsonl');
  const all = await readJsonLines(corpusFile).catch((error) => {
    throw new Error(`Cannot read the SciFact corpus at ${corpusFile} (${error.message}); pass --data <dir>.`);
  });
  const records = values.quick ? all.slice(0, QUICK_RECORDS) : all;
  const started = performance.now();
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'ragship-speed-'));
  const chroma = await startTestChroma();
  log(`Chroma at ${chroma.url}; ${records.length} SciFact records; ${runs} runs of each measurement`);
  try {
    const embedder = countingEmbedder(createLocalEmbedder());
    const ingest = await benchIngest({ url: chroma.url, records, workdir, embedder, runs, log });
    delete ingest.kept;
    const report = {
      generatedAt: new Date().toISOString(),
      mode: values.quick ? 'quick' : 'full',
      machine: machine(),
      chroma: 'Chroma server 1.0.0 (chromadb-js-bindings 1.0.5), embedded binary, one server for every side',
      embedder: `${embedder.id}, ${embedder.dimensions} dimensions, one instance shared by every side`,
      ingest,
      targets: targets(ingest),
      wallSeconds: Math.round((performance.now() - started) / 1000),
    };
    const markdown = renderMarkdown(report);
    const outDir = path.join(BENCH_DIR, 'results');
    mkdirSync(outDir, { recursive: true });
    const name = values.quick ? 'speed-quick' : 'speed';
    writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(values.quick ? path.join(outDir, `${name}.md`) : path.join(BENCH_DIR, 'RESULTS.md'), markdown);
    if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${markdown}\n`);
    log(`done in ${report.wallSeconds} s`);
  } finally {
    await chroma.stop();
    rmSync(workdir, { recursive: true, force: true });
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

/** Each target of issue 9 that this run measures, with its ratio and whether it holds. */
function targets(ingest) {
  const { full, unchanged, changed, ragshipFullMs } = ingest;
  const list = [
    {
      target: 'full ingest ≥ 0.9× raw Chroma add',
      value: full.ragship.median / full.raw.median,
      holds: full.ragship.median >= 0.9 * full.raw.median,
    },
    {
      target: 'full ingest ≥ 1.2× index() (batch 100)',
      value: full.ragship.median / full.langchain100.median,
      holds: full.ragship.median >= 1.2 * full.langchain100.median,
    },
    {
      target: 'unchanged re-ingest ≥ 20× faster than index() incremental, 0 embedding calls',
      value: unchanged.incrementalMs.median / unchanged.ragshipMs.median,
      holds: unchanged.incrementalMs.median >= 20 * unchanged.ragshipMs.median && unchanged.ragshipEmbedCalls === 0,
    },
    {
      target: '1% change re-ingest ≤ 10% of full ingest',
      value: changed.ragshipMs.median / ragshipFullMs.median,
      holds: changed.ragshipMs.median <= 0.1 * ragshipFullMs.median,
    },
  ];
  return list.map((item) => ({ ...item, value: Number(item.value.toFixed(3)) }));
}

function renderMarkdown(report) {
  const { ingest, machine: m } = report;
  const { full, unchanged, changed } = ingest;
  const lines = [
    `# ragship speed (${report.mode} run)`,
    '',
    `Generated ${report.generatedAt} by \`npm run bench${report.mode === 'quick' ? ' -- --quick' : ''}\` in ${report.wallSeconds} s.`,
    `Machine: ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}. ${report.chroma}. Embedder: ${report.embedder}.`,
    `Corpus: ${ingest.records} SciFact records → ${ingest.chunks} chunks (ragship's default chunking, 1500/300 characters, LangChain's RecursiveCharacterTextSplitter on both sides).`,
    'Every figure is the median of the runs with the min–max in brackets.',
    '',
    '## Full ingest',
    '',
    '| Pipeline | Throughput |',
    '| --- | --- |',
    `| raw Chroma \`add\` of precomputed vectors with documents (batch 500) | ${formatSummary(full.raw)} vectors/s |`,
    `| ragship ingest (load → validate → chunk → embed → write → verify) | ${formatSummary(full.ragship)} chunks/s |`,
    `| LangChain \`index()\`, batch 100 (its default) | ${formatSummary(full.langchain100)} chunks/s |`,
    `| LangChain \`index()\`, batch 500 | ${formatSummary(full.langchain500)} chunks/s |`,
    '',
    '## Re-ingest',
    '',
    '| Run | ragship | `index()` |',
    '| --- | --- | --- |',
    `| unchanged | ${formatSummary(unchanged.ragshipMs)} ms, ${unchanged.ragshipEmbedCalls} embedding calls | incremental ${formatSummary(unchanged.incrementalMs)} ms, full ${formatSummary(unchanged.fullMs)} ms, ${unchanged.langchainEmbedCalls} embedding calls |`,
    `| 1% edited + 1% deleted (${changed.edited} + ${changed.deleted} records per round) | ${formatSummary(changed.ragshipMs)} ms, ${formatSummary(changed.ragshipEmbedTexts)} texts embedded | cleanup full ${formatSummary(changed.langchainFullMs)} ms, ${formatSummary(changed.langchainEmbedTexts)} texts embedded |`,
    '',
    '## Targets',
    '',
    '| Target | Measured | Holds |',
    '| --- | --- | --- |',
    ...report.targets.map((item) => `| ${item.target} | ${item.value} | ${item.holds ? 'yes' : 'no'} |`),
    '',
    // What the numbers mean and what is left, kept by hand next to the harness.
    readFileSync(path.join(BENCH_DIR, 'speed', 'analysis.md'), 'utf8').trim(),
    '',
  ];
  return lines.join('\n');
}

function log(message) {
  process.stderr.write(`[bench] ${message}\n`);
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`);
  process.exit(1);
});
