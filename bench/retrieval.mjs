// Retrieval and answer quality of the offline defaults, measured the way users get them: the dev
// data is ingested with `ragship ingest`, promoted, served by `ragship serve` on a real Chroma
// server, and queried over HTTP (POST /v1/retrieve, POST /v1/chat). Writes
// bench/results/retrieval.{json,md}.
//
// Run from the repository root after `npm run build`:
//   node bench/retrieval.mjs [--data ../shared/data] [--out bench/results]

import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startTestChroma } from '@ragship/chroma-server/testing';
import { containsAnswer, tokenF1 } from '@ragship/evaluation';
import { ndcgAt, readJsonLines, sciFactLabelledQueries } from './dev-data.mjs';
import { cli, serve } from './ragship-cli.mjs';

/** Chunks asked of /v1/retrieve for SciFact, deduplicated to documents by their best chunk, then cut at 10. */
const SCIFACT_K = 30;
/** The API's default k: what the answerer sees. */
const SERVED_K = 5;
const DOCUMENT_DEIXIS = /\b(this|the) (study|paper|publication|article|sample)\b/i;

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.resolve('..', 'shared', 'data') },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  const started = performance.now();
  const workdir = mkdtempSync(path.join(os.tmpdir(), 'ragship-bench-'));
  const chroma = await startTestChroma();
  const env = { CHROMA_URL: chroma.url, RAGSHIP_ACTOR: 'bench' };
  try {
    // The defaults, but for the rate limit: the bench sends thousands of requests from one client.
    await writeFile(path.join(workdir, 'ragship.config.yaml'), 'api: { rateLimit: { requestsPerMinute: 0 } }\n');
    stage(workdir, 'scifact', path.join(values.data, 'scifact', 'corpus.jsonl'));
    stage(workdir, 'covid', path.join(values.data, 'covid-qa', 'documents.jsonl'));
    const ingest = {};
    for (const kb of ['scifact', 'covid']) {
      const t0 = performance.now();
      ingest[kb] = JSON.parse(cli(['ingest', kb, '--kb', kb, '--json'], workdir, env));
      ingest[kb].wallMs = Math.round(performance.now() - t0);
      cli(['promote', `${kb}@${ingest[kb].version}`, '--to', 'dev', '--json'], workdir, env);
      log(
        `${kb}: ${ingest[kb].documents.added} documents, ${ingest[kb].chunks.total} chunks in ${seconds(ingest[kb].wallMs)} s`,
      );
    }
    const server = await serve(workdir, env);
    try {
      const scifact = await evaluateSciFact(server.url, path.join(values.data, 'scifact'));
      log(`SciFact nDCG@10 ${fmt(scifact.metrics['ndcg@10'])} over ${scifact.queries} queries`);
      const covid = await evaluateCovidQa(server.url, path.join(values.data, 'covid-qa'));
      log(`COVID-QA passage recall@5 ${fmt(covid.all['passageRecall@5'])}, token-F1 ${fmt(covid.all.tokenF1)}`);
      const report = {
        generatedAt: new Date().toISOString(),
        commit: git(['rev-parse', '--short', 'HEAD']),
        node: process.version,
        machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        command: 'node bench/retrieval.mjs',
        ingest,
        scifact,
        covidQa: covid,
        totalSeconds: Math.round((performance.now() - started) / 1000),
      };
      mkdirSync(values.out, { recursive: true });
      await writeFile(path.join(values.out, 'retrieval.json'), `${JSON.stringify(report, null, 2)}\n`);
      await writeFile(path.join(values.out, 'retrieval.md'), markdown(report));
      log(`wrote ${path.join(values.out, 'retrieval.{json,md}')}`);
    } finally {
      server.stop();
    }
  } finally {
    await chroma.stop();
    rmSync(workdir, { recursive: true, force: true });
  }
}

function stage(workdir, kb, file) {
  mkdirSync(path.join(workdir, kb));
  copyFileSync(file, path.join(workdir, kb, path.basename(file)));
}

async function post(url, route, body) {
  const response = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

// ---------------------------------------------------------------------------------------------
// SciFact: nDCG@10, recall@10/100, MRR@10 over the queries with labels

async function evaluateSciFact(url, dir) {
  const queries = await sciFactLabelledQueries(dir);
  const sums = { 'ndcg@10': 0, 'recall@10': 0, 'mrr@10': 0 };
  const latencies = [];
  let belowFloor = 0;
  for (const query of queries) {
    const t0 = performance.now();
    const body = await post(url, '/v1/retrieve', { query: query.text.slice(0, 4000), kb: 'scifact', k: SCIFACT_K });
    latencies.push(performance.now() - t0);
    if (body.belowFloor) belowFloor++;
    const ranking = [...new Set(body.results.map((result) => result.docId))];
    const { relevant } = query;
    sums['ndcg@10'] += ndcgAt(ranking, relevant, 10);
    sums['recall@10'] += ranking.slice(0, 10).filter((docId) => relevant.has(docId)).length / relevant.size;
    const first = ranking.slice(0, 10).findIndex((docId) => relevant.has(docId));
    sums['mrr@10'] += first < 0 ? 0 : 1 / (first + 1);
  }
  return {
    queries: queries.length,
    k: SCIFACT_K,
    metrics: Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, round(sum / queries.length)])),
    belowFloor,
    latencyMs: percentiles(latencies),
  };
}

// ---------------------------------------------------------------------------------------------
// COVID-QA: passage recall@5 through /v1/retrieve, extractive answer token-F1 through /v1/chat

async function evaluateCovidQa(url, dir) {
  const questions = await readJsonLines(path.join(dir, 'questions.jsonl'));
  const rows = [];
  const latencies = { retrieve: [], chat: [] };
  for (const question of questions) {
    let t0 = performance.now();
    const retrieved = await post(url, '/v1/retrieve', { query: question.question, kb: 'covid', k: SERVED_K });
    latencies.retrieve.push(performance.now() - t0);
    t0 = performance.now();
    const chat = await post(url, '/v1/chat', { question: question.question, kb: 'covid' });
    latencies.chat.push(performance.now() - t0);
    const answer = chat.answer.replace(/\s*\[\d+\]/g, '');
    rows.push({
      deixis: DOCUMENT_DEIXIS.test(question.question),
      passage: retrieved.results.some((result) => result.text.includes(question.answer)),
      goldDocument: retrieved.results.some((result) => result.docId === `documents.jsonl#${question.document_id}`),
      f1: tokenF1(answer, question.answer),
      contains: containsAnswer(answer, question.answer),
      dontKnow: chat.citations.length === 0,
    });
  }
  const summarise = (subset) => ({
    questions: subset.length,
    'passageRecall@5': round(mean(subset.map((row) => Number(row.passage)))),
    'goldDocumentRecall@5': round(mean(subset.map((row) => Number(row.goldDocument)))),
    tokenF1: round(mean(subset.map((row) => row.f1))),
    containment: round(mean(subset.map((row) => Number(row.contains)))),
    dontKnow: subset.filter((row) => row.dontKnow).length,
  });
  return {
    k: SERVED_K,
    all: summarise(rows),
    answerable: summarise(rows.filter((row) => !row.deixis)),
    latencyMs: { retrieve: percentiles(latencies.retrieve), chat: percentiles(latencies.chat) },
  };
}

// ---------------------------------------------------------------------------------------------

function markdown(report) {
  const { scifact, covidQa } = report;
  const row = (name, value) => `| ${name} | ${value} |`;
  return [
    '# Retrieval and answer quality of the offline defaults',
    '',
    `Generated by \`${report.command}\` on ${report.generatedAt} (commit ${report.commit}, Node ${report.node}, ${report.machine}); raw numbers in \`retrieval.json\`. All numbers are on the dev split.`,
    '',
    'Each corpus is ingested with `ragship ingest` (default config: local embedder, 1500/300 chunks, BM25 index), promoted to dev and served by `ragship serve` on a real Chroma server; every query goes over HTTP.',
    '',
    `## SciFact (${scifact.queries} queries with labels in qrels/train.tsv)`,
    '',
    `\`POST /v1/retrieve\` with k ${scifact.k}; chunks deduplicated to documents by their best chunk.`,
    '',
    '| metric | value |',
    '| --- | ---: |',
    row('nDCG@10', fmt(scifact.metrics['ndcg@10'])),
    row('recall@10', fmt(scifact.metrics['recall@10'])),
    row('MRR@10', fmt(scifact.metrics['mrr@10'])),
    row('below the relevance floor', scifact.belowFloor),
    row('retrieve latency p50 / p95 ms', `${scifact.latencyMs.p50} / ${scifact.latencyMs.p95}`),
    '',
    `## COVID-QA (${covidQa.all.questions} questions)`,
    '',
    `Passage recall@5: a chunk among the top ${covidQa.k} of \`POST /v1/retrieve\` contains the reference answer span. Token-F1 and containment: the extractive answer of \`POST /v1/chat\` (citation markers removed) against the span. "Answerable" leaves out the questions that say "this study" or "the paper".`,
    '',
    '| metric | all | answerable |',
    '| --- | ---: | ---: |',
    ...['passageRecall@5', 'goldDocumentRecall@5', 'tokenF1', 'containment', 'dontKnow', 'questions'].map(
      (name) => `| ${name} | ${fmt(covidQa.all[name])} | ${fmt(covidQa.answerable[name])} |`,
    ),
    '',
    `Latency p50 / p95 ms: retrieve ${covidQa.latencyMs.retrieve.p50} / ${covidQa.latencyMs.retrieve.p95}, chat ${covidQa.latencyMs.chat.p50} / ${covidQa.latencyMs.chat.p95}.`,
    '',
  ].join('\n');
}

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

const mean = (values) => values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
const round = (value) => Math.round(value * 10_000) / 10_000;
const fmt = (value) => (Number.isInteger(value) ? String(value) : value.toFixed(3));
const seconds = (ms) => (ms / 1000).toFixed(1);
const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const git = (args) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

await main();
