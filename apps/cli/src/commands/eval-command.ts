import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  InvalidInputError,
  formatIndexRef,
  formatVersion,
  parseIndexRef,
  RagshipError,
  type Manifest,
} from '@ragship/core';
import { answerQuestion, openServedIndex, retrieveGuarded } from '@ragship/api';
import { createEmbedder } from '@ragship/embeddings';
import { readEvalDataset, runEval, type EvalResult } from '@ragship/evaluation';
import type { VersionRecord } from '@ragship/registry';
import { createAnswerer, createAnswerJudge } from '@ragship/retrieval';
import { TRACING_OFF } from '@ragship/telemetry';
import type { CliContext } from '../cli-context.js';
import { resolveVersion } from './resolve-version.js';

/** Flags of `ragship eval`. */
export interface EvalFlags {
  dataset: string;
  split?: string;
  perQuery?: boolean;
  /** `--no-record`: measure without storing the result in the manifest. */
  record?: boolean;
  /** Also have the configured LLM answerer judge each QA answer (advisory metrics). */
  judge?: boolean;
}

/** The `--json` result of `ragship eval`. */
export interface EvalSummary extends EvalResult {
  kb: string;
  version: string;
  dataset: string;
  /** The eval set's fingerprint; the manifest keeps the result under it. */
  evalSet: string;
  split: string | null;
  recorded: boolean;
  durationMs: number;
}

/**
 * `ragship eval <kb>[@<version>|@<env>] --dataset <dir>`: runs a BEIR or QA dataset through the
 * retrieval and answering code the API serves, on the version in the store of the environment
 * named (else the one that built it), and stores the summary in the version's manifest under the
 * eval set's fingerprint. Progress on stderr; the summary on stdout.
 */
export async function runEvalCommand(context: CliContext, reference: string, flags: EvalFlags): Promise<EvalSummary> {
  const started = performance.now();
  // The dataset first: a bad one is a usage error, whatever the registry holds.
  const dataset = await readEvalDataset(path.resolve(flags.dataset), { split: flags.split });
  const record = await versionToEvaluate(context, reference);
  const manifest = readyManifestOf(record);
  const ref = parseIndexRef(reference);
  const environment =
    ref.kind === 'environment' ? ref.environment : (manifest.builtIn?.environment ?? context.config.environment);
  const store = await context.store(context.config.environments[environment] ? environment : undefined);
  const embedder = createEmbedder(manifest.embedder.id, context.config.providers);
  const index = await openServedIndex(context.registry, store, manifest, record.version, embedder);
  const { config } = context;
  const policy = { guardrails: config.guardrails, retrieval: config.retrieval, tracing: TRACING_OFF };
  const limits = {
    maxTokens: config.generation.maxTokens,
    timeoutMs: config.generation.timeoutSeconds * 1000,
    temperature: config.generation.temperature,
  };
  const answerer = dataset.kind === 'qa' ? createAnswerer(config.answerer, config.providers, limits) : null;
  const judge = flags.judge ? createAnswerJudge(config.answerer, config.providers, limits) : null;
  if (judge && dataset.kind !== 'qa') {
    throw new InvalidInputError('--judge grades answers: give a QA dataset (questions.jsonl).', 'judge');
  }
  const progress = progressLine(context, `eval ${index.ref} on ${dataset.name}`);
  const result = await runEval(
    dataset,
    {
      retrieve: async (query, k) =>
        (await retrieveGuarded(index, policy, query, k)).chunks.map((chunk) => ({
          docId: chunk.metadata.docId,
          text: chunk.text,
        })),
      answer: async (question) => {
        if (!answerer) throw new RagshipError('NO_ANSWERER', 'A BEIR dataset does not ask for answers.');
        const answer = await answerQuestion(index, answerer, policy, {
          question,
          k: 5,
          traceId: randomBytes(16).toString('hex'),
        });
        return answer.answer;
      },
      ...(judge
        ? {
            judge: async (question: string, answer: string) =>
              judge.judge({ question, answer, chunks: (await retrieveGuarded(index, policy, question, 5)).chunks }),
          }
        : {}),
    },
    { perQuery: Boolean(flags.perQuery), onProgress: progress },
  );
  const recorded = flags.record !== false;
  if (recorded) {
    await context.registry.monitoring.recordEval(record.kb, record.version, dataset.fingerprint, {
      dataset: dataset.name,
      kind: dataset.kind,
      metrics: result.metrics,
      measuredAt: new Date().toISOString(),
    });
  }
  const summary: EvalSummary = {
    kb: record.kb,
    version: formatVersion(record.version),
    dataset: dataset.name,
    evalSet: dataset.fingerprint,
    split: dataset.kind === 'beir' ? dataset.split : null,
    ...result,
    recorded,
    durationMs: Math.round(performance.now() - started),
  };
  context.output.result(summary, () => describeEval(summary));
  return summary;
}

/** `<kb>@…` as `resolveVersion` reads it; a bare `<kb>` is its newest ready version. */
async function versionToEvaluate(context: CliContext, reference: string): Promise<VersionRecord> {
  const ref = parseIndexRef(reference);
  if (ref.kind !== 'kb') return resolveVersion(context, reference);
  const newest = (await context.registry.listVersions(ref.kb)).find((record) => record.status === 'ready');
  if (!newest) throw new RagshipError('NO_READY_VERSION', `kb "${ref.kb}" has no ready version to evaluate.`);
  return newest;
}

function readyManifestOf(record: VersionRecord): Manifest {
  if (record.status !== 'ready' || !record.manifest) {
    throw new RagshipError(
      'VERSION_NOT_READY',
      `${formatIndexRef(record.kb, record.version)} is ${record.status}; only ready versions can be evaluated.`,
    );
  }
  return record.manifest;
}

/** A progress line on stderr: rewritten in place on a terminal, every 10% otherwise; quiet with --json off a terminal. */
function progressLine(context: CliContext, label: string): (done: number, total: number) => void {
  const tty = Boolean(process.stderr.isTTY);
  let shown = -1;
  return (done, total) => {
    const tenth = Math.floor((done * 10) / total);
    if (tty) process.stderr.write(`\r${label}: ${done}/${total}${done === total ? '\n' : ''}`);
    else if (!context.output.json && tenth !== shown) {
      shown = tenth;
      process.stderr.write(`${label}: ${done}/${total}\n`);
    }
  };
}

function describeEval(summary: EvalSummary): string {
  const advisory = new Set(summary.advisory?.metrics ?? []);
  const metrics = Object.entries(summary.metrics).map(
    ([name, value]) =>
      `  ${name.padEnd(22)} ${value.toFixed(4)}${advisory.has(name) ? '  (LLM-judged, advisory)' : ''}`,
  );
  return [
    `${summary.kb}@${summary.version} on ${summary.dataset} (${summary.kind}${summary.split ? `, ${summary.split}` : ''}, ${summary.queries} queries):`,
    ...metrics,
    summary.recorded
      ? `  recorded in the manifest under eval set ${summary.evalSet.slice(0, 12)}…`
      : '  not recorded (--no-record)',
  ].join('\n');
}
