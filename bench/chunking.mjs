// Chunk size and overlap, measured on the dev data: SciFact (document retrieval) and COVID-QA
// (answer-bearing passages), with the pipeline's own loader, chunker and local embedder and exact
// brute-force search. Writes bench/results/chunking.{json,md}.
//
// Run from the repository root after `npx turbo run build` (the packages resolve to their dist/):
//   node bench/chunking.mjs [--data /work/shared/data] [--sizes 256,512,...] [--out bench/results]

import { execFileSync } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDocumentChunker, loadDirectory } from '@ragship/ingest';
import { createLocalEmbedder, embedMany } from '@ragship/embeddings';
import { ndcgAt, readJsonLines, sciFactLabelledQueries } from './dev-data.mjs';

const DEFAULT_SIZES = [256, 512, 800, 1000, 1500, 2000];
const OVERLAP_FRACTIONS = [0, 0.1, 0.2];
/** Answer k of the API (@ragship/server `defaultK`): what the answerer actually sees. */
const SERVED_K = 5;
/** Settings whose selection scores differ by less than this count as tied. */
const TIE_MARGIN = 0.005;
/** Questions that point at one article ("this study", "the paper") and cannot be answered against a corpus. */
const DOCUMENT_DEIXIS = /\b(this|the) (study|paper|publication|article|sample)\b/i;
/** Chunks shorter than this are fragments: a split's leftover tail rather than a passage. */
const FRAGMENT_CHARS = 100;
const GENERATED_END = '<!-- end of generated results: text below is kept when the script re-runs -->';

async function main() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '/work/shared/data' },
      sizes: { type: 'string', default: DEFAULT_SIZES.join(',') },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  const startedAt = new Date();
  const runStart = performance.now();
  const embedder = createLocalEmbedder();

  const scifact = await loadSciFact(path.join(values.data, 'scifact'), embedder);
  const covidQa = await loadCovidQa(path.join(values.data, 'covid-qa'), embedder);
  log(`SciFact: ${scifact.documents.length} documents, ${scifact.queries.length} queries with qrels`);
  log(`COVID-QA: ${covidQa.documents.length} documents, ${covidQa.questions.length} questions`);

  const settings = gridOf(values.sizes.split(',').map(Number));
  const results = [];
  for (const chunking of settings) {
    const scifactResult = await evaluateSciFact(scifact, chunking, embedder);
    const covidResult = await evaluateCovidQa(covidQa, chunking, embedder);
    results.push({ ...chunking, scifact: scifactResult, covidQa: covidResult });
    log(
      `size ${chunking.size} overlap ${chunking.overlap}: SciFact nDCG@10 ${fmt(scifactResult.metrics.ndcg10)} ` +
        `(${scifactResult.chunks} chunks, ${seconds(scifactResult.timing.totalMs)} s); ` +
        `COVID-QA passage@5 ${fmt(covidResult.answerable.passageRecall5)} ` +
        `(${covidResult.chunks} chunks, ${seconds(covidResult.timing.totalMs)} s)`,
    );
  }

  const report = {
    startedAt: startedAt.toISOString(),
    totalSeconds: Number(seconds(performance.now() - runStart)),
    command: `node ${path.relative(process.cwd(), process.argv[1])} ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineInfo(),
    code: codeInfo(),
    embedder: { id: embedder.id, dimensions: embedder.dimensions },
    datasets: {
      scifact: { documents: scifact.documents.length, queries: scifact.queries.length, qrels: 'qrels/train.tsv' },
      covidQa: {
        documents: covidQa.documents.length,
        questions: covidQa.questions.length,
        documentDeixisQuestions: covidQa.questions.filter((question) => question.isDocumentDeixis).length,
        documentDeixisPattern: DOCUMENT_DEIXIS.source,
      },
    },
    selection: selectSetting(results),
    results,
  };
  await mkdir(values.out, { recursive: true });
  const withoutPerQuery = (key, value) => (key === 'perQuery' ? undefined : value);
  await writeFile(path.join(values.out, 'chunking.json'), `${JSON.stringify(report, withoutPerQuery, 2)}\n`);
  await writeReport(path.join(values.out, 'chunking.md'), renderMarkdown(report));
  log(`done in ${report.totalSeconds} s; selected size ${report.selection.size} overlap ${report.selection.overlap}`);
}

/** Every size with overlaps of 0, ~10 % and ~20 % of it. */
function gridOf(sizes) {
  return sizes.flatMap((size) => OVERLAP_FRACTIONS.map((fraction) => ({ size, overlap: Math.round(size * fraction) })));
}

// ---------------------------------------------------------------------------------------------
// Data

/** Documents of `dir` as the pipeline loads them; skipped files (evaluation data) are expected, invalid records are not. */
async function loadDocuments(dir) {
  const documents = [];
  for await (const item of loadDirectory(dir)) {
    if (item.kind === 'document') documents.push(item.document);
    else if (item.kind === 'invalid') throw new Error(`invalid record in ${dir}: ${item.docId}: ${item.reason}`);
  }
  return documents;
}

/** SciFact corpus and the queries that have labels in qrels/train.tsv, with their query vectors. */
async function loadSciFact(dir, embedder) {
  const documents = await loadDocuments(dir);
  const records = await sciFactLabelledQueries(dir);
  const vectors = await embedMany(
    embedder,
    records.map((query) => query.text),
  );
  const queries = records.map((query, index) => ({
    id: query._id,
    relevant: query.relevant,
    vector: sparseVector(vectors[index]),
  }));
  return { documents, queries };
}

/** COVID-QA articles and questions, with their query vectors and gold document ids. */
async function loadCovidQa(dir, embedder) {
  const documents = await loadDocuments(dir);
  const records = await readJsonLines(path.join(dir, 'questions.jsonl'));
  const vectors = await embedMany(
    embedder,
    records.map((question) => question.question),
  );
  const loaded = new Set(documents.map((document) => document.docId));
  const questions = records.map((question, index) => {
    const goldDocId = `documents.jsonl#${question.document_id}`;
    if (!loaded.has(goldDocId)) throw new Error(`question ${question._id}: gold document ${goldDocId} not loaded`);
    return {
      id: question._id,
      goldDocId,
      answer: question.answer,
      normalisedAnswer: normaliseWhitespace(question.answer),
      isDocumentDeixis: DOCUMENT_DEIXIS.test(question.question),
      vector: sparseVector(vectors[index]),
    };
  });
  return { documents, questions };
}

function normaliseWhitespace(text) {
  return text.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Chunking, embedding, exact search

/** Chunks every document with the pipeline's chunker and embeds the chunks into a search index. */
async function buildIndex(documents, chunking, embedder) {
  const chunkStart = performance.now();
  const chunker = createDocumentChunker(chunking);
  const texts = [];
  const documentOf = [];
  for (const [documentIndex, document] of documents.entries()) {
    for (const chunk of await chunker.chunk(document, [])) {
      texts.push(chunk.text);
      documentOf.push(documentIndex);
    }
  }
  const embedStart = performance.now();
  const matrix = dimensionMajor(await embedMany(embedder, texts), embedder.dimensions);
  const embedEnd = performance.now();
  return {
    texts,
    documentOf: Int32Array.from(documentOf),
    matrix,
    timing: { chunkMs: embedStart - chunkStart, embedMs: embedEnd - embedStart },
  };
}

/**
 * Vectors stored dimension by dimension (`matrix[d * count + i]` is dimension d of vector i), so a
 * query's non-zero dimensions each scale one contiguous column into the scores.
 */
function dimensionMajor(vectors, dimensions) {
  const count = vectors.length;
  const data = new Float32Array(count * dimensions);
  vectors.forEach((vector, row) => {
    for (let dimension = 0; dimension < dimensions; dimension++) data[dimension * count + row] = vector[dimension];
  });
  return { data, count };
}

/**
 * The non-zero dimensions of a query vector. The local embedder hashes a few dozen terms into 384
 * slots, so skipping the zeros keeps the search exact at a tenth of the multiply-adds.
 */
function sparseVector(vector) {
  const dimensions = [];
  const weights = [];
  vector.forEach((weight, dimension) => {
    if (weight !== 0) {
      dimensions.push(dimension);
      weights.push(weight);
    }
  });
  return { dimensions, weights };
}

/** Dot product of the query with every indexed vector (cosine: both are unit length). */
function scoreAll(matrix, query) {
  const { data, count } = matrix;
  const scores = new Float64Array(count);
  query.dimensions.forEach((dimension, index) => {
    const weight = query.weights[index];
    const offset = dimension * count;
    for (let row = 0; row < count; row++) scores[row] += weight * data[offset + row];
  });
  return scores;
}

/** Indices of the k highest scores, best first; ties go to the lower index. */
function topIndices(scores, k) {
  const best = [];
  for (let index = 0; index < scores.length; index++) {
    const score = scores[index];
    if (best.length === k && score <= scores[best[k - 1]]) continue;
    let position = best.length === k ? k - 1 : best.length;
    while (position > 0 && scores[best[position - 1]] < score) {
      best[position] = best[position - 1];
      position--;
    }
    best[position] = index;
  }
  return best;
}

/** Each document's score is that of its best chunk. */
function bestChunkPerDocument(scores, documentOf, documentCount) {
  const documentScores = new Float64Array(documentCount).fill(-Infinity);
  for (let chunk = 0; chunk < scores.length; chunk++) {
    const document = documentOf[chunk];
    if (scores[chunk] > documentScores[document]) documentScores[document] = scores[chunk];
  }
  return documentScores;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/** SciFact document ranking (max over chunks): nDCG@10, recall@10/100, MRR@10. */
async function evaluateSciFact({ documents, queries }, chunking, embedder) {
  const index = await buildIndex(documents, chunking, embedder);
  const searchStart = performance.now();
  const docIds = documents.map((document) => document.docId);
  const perQuery = queries.map((query) => {
    const documentScores = bestChunkPerDocument(
      scoreAll(index.matrix, query.vector),
      index.documentOf,
      documents.length,
    );
    const ranking = topIndices(documentScores, 100).map((documentIndex) => docIds[documentIndex]);
    return {
      ndcg10: ndcgAt(ranking, query.relevant, 10),
      recall10: recallAt(ranking, query.relevant, 10),
      recall100: recallAt(ranking, query.relevant, 100),
      mrr10: reciprocalRankAt(ranking, query.relevant, 10),
    };
  });
  const searchMs = performance.now() - searchStart;
  return {
    chunks: index.texts.length,
    meanChunkChars: meanLength(index.texts),
    fragments: index.texts.filter((text) => text.length < FRAGMENT_CHARS).length,
    metrics: meanOf(perQuery),
    perQuery,
    timing: timingOf(index.timing, searchMs),
  };
}

function recallAt(ranking, relevant, k) {
  return ranking.slice(0, k).filter((docId) => relevant.has(docId)).length / relevant.size;
}

function reciprocalRankAt(ranking, relevant, k) {
  const rank = ranking.slice(0, k).findIndex((docId) => relevant.has(docId));
  return rank === -1 ? 0 : 1 / (rank + 1);
}

/**
 * COVID-QA over the top chunks of the whole corpus: passage recall@5/@10 (a retrieved chunk holds
 * the answer span, exact and whitespace-normalised), gold-document recall@5 (a top-5 chunk comes from
 * the question's article), and the ceiling set by chunking alone (the answer lies whole in some chunk
 * of its article). Reported over all questions and over those without document deixis.
 */
async function evaluateCovidQa({ documents, questions }, chunking, embedder) {
  const index = await buildIndex(documents, chunking, embedder);
  const searchStart = performance.now();
  const normalisedTexts = index.texts.map(normaliseWhitespace);
  const chunksOfDocument = documents.map(() => []);
  index.documentOf.forEach((documentIndex, chunk) => chunksOfDocument[documentIndex].push(chunk));
  const documentIndexOf = new Map(documents.map((document, documentIndex) => [document.docId, documentIndex]));

  const perQuery = questions.map((question) => {
    const top = topIndices(scoreAll(index.matrix, question.vector), 10);
    const holdsAnswer = (chunk) => index.texts[chunk].includes(question.answer);
    const holdsNormalisedAnswer = (chunk) => normalisedTexts[chunk].includes(question.normalisedAnswer);
    const gold = documentIndexOf.get(question.goldDocId);
    return {
      isDocumentDeixis: question.isDocumentDeixis,
      passageRecall5: top.slice(0, SERVED_K).some(holdsAnswer),
      passageRecall10: top.some(holdsAnswer),
      normalisedPassageRecall5: top.slice(0, SERVED_K).some(holdsNormalisedAnswer),
      normalisedPassageRecall10: top.some(holdsNormalisedAnswer),
      goldDocRecall5: top.slice(0, SERVED_K).some((chunk) => index.documentOf[chunk] === gold),
      goldPassageRecall5: top
        .slice(0, SERVED_K)
        .some((chunk) => index.documentOf[chunk] === gold && holdsAnswer(chunk)),
      answerCoverage: chunksOfDocument[gold].some(holdsAnswer),
      contextChars5: top.slice(0, SERVED_K).reduce((sum, chunk) => sum + index.texts[chunk].length, 0),
    };
  });
  const searchMs = performance.now() - searchStart;
  const answerable = perQuery.filter((outcome) => !outcome.isDocumentDeixis);
  return {
    chunks: index.texts.length,
    meanChunkChars: meanLength(index.texts),
    fragments: index.texts.filter((text) => text.length < FRAGMENT_CHARS).length,
    all: { questions: perQuery.length, ...meanOf(perQuery) },
    answerable: { questions: answerable.length, ...meanOf(answerable) },
    perQuery: answerable,
    timing: timingOf(index.timing, searchMs),
  };
}

/** Mean of every per-query field but the flag (booleans as 0/1). */
function meanOf(perQuery) {
  const fields = Object.keys(perQuery[0]).filter((field) => field !== 'isDocumentDeixis');
  return Object.fromEntries(
    fields.map((field) => [
      field,
      perQuery.reduce((sum, outcome) => sum + Number(outcome[field]), 0) / perQuery.length,
    ]),
  );
}

/** Mean and standard error of the per-query differences `a − b` (same queries, same order). */
function pairedDifference(a, b, field) {
  const differences = a.map((outcome, index) => Number(outcome[field]) - Number(b[index][field]));
  const mean = differences.reduce((sum, value) => sum + value, 0) / differences.length;
  const variance = differences.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (differences.length - 1);
  return { mean, standardError: Math.sqrt(variance / differences.length) };
}

/**
 * The setting to make the default: the best mean of SciFact nDCG@10 and COVID-QA passage recall@5
 * (answerable questions), and among the settings within TIE_MARGIN of it the one with the fewest
 * chunks. Every setting also gets its per-query paired difference from the best one, to show which
 * gaps are larger than the noise of a few hundred queries.
 */
function selectSetting(results) {
  const scoreOf = (result) => (result.scifact.metrics.ndcg10 + result.covidQa.answerable.passageRecall5) / 2;
  const best = results.reduce((top, result) => (scoreOf(result) > scoreOf(top) ? result : top));
  const scored = results
    .map((result) => ({
      size: result.size,
      overlap: result.overlap,
      score: scoreOf(result),
      chunks: result.scifact.chunks + result.covidQa.chunks,
      tied: scoreOf(best) - scoreOf(result) < TIE_MARGIN,
      ndcg10VersusBest: pairedDifference(result.scifact.perQuery, best.scifact.perQuery, 'ndcg10'),
      passageRecall5VersusBest: pairedDifference(result.covidQa.perQuery, best.covidQa.perQuery, 'passageRecall5'),
    }))
    .sort((a, b) => b.score - a.score);
  const [selected] = scored.filter((entry) => entry.tied).sort((a, b) => a.chunks - b.chunks);
  return {
    rule: `max of (SciFact nDCG@10 + COVID-QA passage recall@${SERVED_K}, answerable) / 2; among settings within ${TIE_MARGIN} of the best, fewest chunks`,
    best: { size: best.size, overlap: best.overlap, score: scoreOf(best) },
    size: selected.size,
    overlap: selected.overlap,
    scores: scored,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting

function renderMarkdown(report) {
  const { machine, datasets, selection, results } = report;
  const scifactRows = results.map((result) => [
    result.size,
    result.overlap,
    result.scifact.chunks,
    Math.round(result.scifact.meanChunkChars),
    result.scifact.fragments,
    fmt(result.scifact.metrics.ndcg10),
    fmt(result.scifact.metrics.recall10),
    fmt(result.scifact.metrics.recall100),
    fmt(result.scifact.metrics.mrr10),
    seconds(result.scifact.timing.chunkMs),
    seconds(result.scifact.timing.embedMs),
    seconds(result.scifact.timing.searchMs),
    seconds(result.scifact.timing.totalMs),
  ]);
  const covidRows = (subset) =>
    results.map((result) => {
      const metrics = result.covidQa[subset];
      return [
        result.size,
        result.overlap,
        result.covidQa.chunks,
        fmt(metrics.answerCoverage),
        fmt(metrics.passageRecall5),
        fmt(metrics.passageRecall10),
        fmt(metrics.normalisedPassageRecall5),
        fmt(metrics.normalisedPassageRecall10),
        fmt(metrics.goldPassageRecall5),
        fmt(metrics.goldDocRecall5),
        Math.round(metrics.contextChars5),
        seconds(result.covidQa.timing.totalMs),
      ];
    });
  const covidHeader = [
    'size',
    'overlap',
    'chunks',
    'coverage',
    'passage@5',
    'passage@10',
    'passage@5 (ws)',
    'passage@10 (ws)',
    'gold passage@5',
    'gold doc@5',
    'context chars@5',
    'time s',
  ];
  const covid = datasets.covidQa;
  return [
    '# Chunk size and overlap on the dev data',
    '',
    `Generated by \`bench/chunking.mjs\` on ${report.startedAt}; raw numbers in \`chunking.json\`. All numbers are on the dev split.`,
    '',
    `- Machine: ${machine.cpus} × ${machine.cpuModel} (nproc ${machine.nproc}), ${machine.memoryGiB} GiB, ${machine.platform}; Node ${machine.node}`,
    `- Code: commit ${report.code.commit}${report.code.dirty ? ' with uncommitted changes outside bench/' : ''}`,
    `- Command (repo root, after \`npx turbo run build\`): \`${report.command}\``,
    `- Total runtime: ${report.totalSeconds} s`,
    `- Embedder: \`${report.embedder.id}\` (${report.embedder.dimensions} dimensions); exact search (dot products over all chunks).`,
    "- Chunker: `createDocumentChunker({ size, overlap })` from `@ragship/ingest`; documents from `loadDirectory` (no validation step). Chunk text only is embedded, as in the pipeline (titles are not part of JSON records' text).",
    '',
    `## SciFact (${datasets.scifact.documents} abstracts, ${datasets.scifact.queries} queries with labels in qrels/train.tsv)`,
    '',
    'Documents ranked by their best chunk (max-score aggregation). Time: chunking, embedding, search+metrics, total, in seconds.',
    '',
    table(
      [
        'size',
        'overlap',
        'chunks',
        'mean chars',
        `< ${FRAGMENT_CHARS} chars`,
        'nDCG@10',
        'R@10',
        'R@100',
        'MRR@10',
        'chunk s',
        'embed s',
        'search s',
        'total s',
      ],
      scifactRows,
    ),
    '',
    `## COVID-QA (${covid.documents} articles, ${covid.questions} questions)`,
    '',
    'Top chunks over the whole corpus. passage@k: a top-k chunk contains the answer span (case-sensitive exact; ws = whitespace-normalised). ' +
      "gold passage@5: such a chunk from the question's own article. gold doc@5: a top-5 chunk comes from the question's article. " +
      'coverage: the answer lies whole in some chunk of its article (the ceiling chunking sets). context chars@5: characters the answerer receives at the served k = 5.',
    '',
    `### Answerable questions (${results[0].covidQa.answerable.questions}; without the ${covid.documentDeixisQuestions} matching \`/${covid.documentDeixisPattern}/i\`)`,
    '',
    table(covidHeader, covidRows('answerable')),
    '',
    `### All ${results[0].covidQa.all.questions} questions`,
    '',
    table(covidHeader, covidRows('all')),
    '',
    '## Selection rule',
    '',
    `Rule: ${selection.rule}. Δ columns: mean per-query difference from the best-scoring setting ` +
      `(size ${selection.best.size}, overlap ${selection.best.overlap}) ± its standard error (paired over the same queries).`,
    '',
    table(
      ['size', 'overlap', 'score', 'tied', 'chunks (both corpora)', 'Δ nDCG@10', 'Δ passage@5'],
      selection.scores.map((entry) => [
        entry.size,
        entry.overlap,
        fmt(entry.score),
        entry.tied ? 'yes' : '',
        entry.chunks,
        plusMinus(entry.ndcg10VersusBest),
        plusMinus(entry.passageRecall5VersusBest),
      ]),
    ),
    '',
    `Selected by the rule: **size ${selection.size}, overlap ${selection.overlap}**.`,
    '',
  ].join('\n');
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---:')), ...rows.map(line)].join('\n');
}

/** Writes the generated part, keeping any hand-written text after the end marker of an earlier report. */
async function writeReport(file, generated) {
  const previous = await readFile(file, 'utf8').catch(() => '');
  const markerAt = previous.indexOf(GENERATED_END);
  const kept = markerAt === -1 ? '\n' : previous.slice(markerAt + GENERATED_END.length);
  await writeFile(file, `${generated}\n${GENERATED_END}\n${kept}`);
}

function machineInfo() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

function codeInfo() {
  const git = (...args) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      dirty: git('status', '--porcelain', '--', '.', ':!bench') !== '',
    };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}

function timingOf(indexTiming, searchMs) {
  return { ...indexTiming, searchMs, totalMs: indexTiming.chunkMs + indexTiming.embedMs + searchMs };
}

function meanLength(texts) {
  return texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
}

function plusMinus({ mean, standardError }) {
  return `${mean >= 0 ? '+' : '−'}${fmt(Math.abs(mean))} ± ${fmt(standardError)}`;
}

function fmt(value) {
  return value.toFixed(3);
}

function seconds(ms) {
  return (ms / 1000).toFixed(1);
}

function log(message) {
  process.stderr.write(`${message}\n`);
}

await main();
