import path from 'node:path';
import {
  InvalidInputError,
  evalDatasetOf,
  formatIndexRef,
  formatVersion,
  gatesFor,
  parseIndexRef,
  RagshipError,
  type Manifest,
  ExitCode,
} from '@ragship/core';
import { createEmbedder } from '@ragship/embeddings';
import { readEvalDataset, runEval, type EvalDataset, type EvalResult } from '@ragship/evaluation';
import { evaluateBounds, type GateResult } from '@ragship/promotion';
import type { VersionRecord } from '@ragship/registry';
import { createAnswerer, createAnswerJudge, openServedIndex } from '@ragship/retrieval';
import { createApiClient } from '../api-client.js';
import type { CliContext } from '../cli-context.js';
import { resolveVersion } from '@ragship/operations';

/** Flags of `ragship eval`. */
export interface EvalFlags {
  /** The dataset directory; default the kb's golden set (`kbs.<kb>.eval`). */
  dataset?: string;
  /** Evaluate a running API at this URL instead of the version in process. */
  api?: string;
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
  /** With `--api`: the API measured. */
  api?: string;
  /** With `--api` and `<kb>@<env>`: the environment's min/max gates on what was measured. */
  gates?: GateResult[];
  durationMs: number;
}

/** The largest `k` the API accepts (@ragship/server request schemas): rankings over HTTP are this deep. */
const API_MAX_K = 50;

/**
 * `ragship eval <kb>[@<version>|@<env>] [--dataset <dir>] [--api <url>]`: runs a BEIR or QA
 * dataset (default: the kb's golden set, `kbs.<kb>.eval`) through the retrieval and answering
 * code the API serves. In process, on the version in the store of the environment named (else the
 * one that built it), and the summary is stored in the version's manifest under the eval set's
 * fingerprint. With `--api`, through a running API over HTTP, on whatever it serves; nothing is
 * recorded, and for `<kb>@<env>` the environment's min/max gates apply to what was measured
 * (exit 3 when one refuses). Progress on stderr; the summary on stdout.
 */
export async function runEvalCommand(context: CliContext, reference: string, flags: EvalFlags): Promise<number> {
  const started = performance.now();
  const { kb } = parseIndexRef(reference);
  // The dataset first: a bad one is a usage error, whatever the registry holds.
  const datasetDir = flags.dataset ?? evalDatasetOf(context.config, kb);
  if (!datasetDir) {
    throw new InvalidInputError(
      `Say which dataset to evaluate ${kb} on: --dataset <dir>, or kbs.${kb}.eval in the config.`,
      'dataset',
    );
  }
  const dataset = await readEvalDataset(path.resolve(datasetDir), { split: flags.split });
  const measured = flags.api
    ? await evalOverApi(context, reference, dataset, flags)
    : await evalInProcess(context, reference, dataset, flags);
  const summary: EvalSummary = {
    ...measured,
    dataset: dataset.name,
    evalSet: dataset.fingerprint,
    split: dataset.kind === 'beir' ? dataset.split : null,
    durationMs: Math.round(performance.now() - started),
  };
  context.output.result(summary, () => describeEval(summary));
  return summary.gates?.some((gate) => !gate.passed) ? ExitCode.gateRefused : ExitCode.ok;
}

type Measured = Omit<EvalSummary, 'dataset' | 'evalSet' | 'split' | 'durationMs'>;

/** Evaluates a version in this process, against its environment's store, and records the result. */
async function evalInProcess(
  context: CliContext,
  reference: string,
  dataset: EvalDataset,
  flags: EvalFlags,
): Promise<Measured> {
  const record = await versionToEvaluate(context, reference);
  const manifest = readyManifestOf(record);
  const ref = parseIndexRef(reference);
  const environment =
    ref.kind === 'environment' ? ref.environment : (manifest.builtIn?.environment ?? context.config.environment);
  const store = await context.store(context.config.environments[environment] ? environment : undefined);
  const embedder = createEmbedder(manifest.embedder.id, context.config.providers);
  const index = await openServedIndex(context.registry, store, manifest, record.version, embedder);
  const { config } = context;
  const serving = { guardrails: config.guardrails, retrieval: config.retrieval };
  const limits = {
    maxTokens: config.generation.maxTokens,
    timeoutMs: config.generation.timeoutSeconds * 1000,
    temperature: config.generation.temperature,
  };
  const answerer = dataset.kind === 'qa' ? await createAnswerer(config.answerer, config.providers, limits) : null;
  const judge = flags.judge ? await createAnswerJudge(config.answerer, config.providers, limits) : null;
  if (judge && dataset.kind !== 'qa') {
    throw new InvalidInputError('--judge grades answers: give a QA dataset (questions.jsonl).', 'judge');
  }
  const result = await runEval(
    dataset,
    {
      retrieve: async (query, k) =>
        (await index.retrieve({ ...serving, query, k })).chunks.map((chunk) => ({
          docId: chunk.metadata.docId,
          text: chunk.text,
        })),
      answer: async (question) => {
        if (!answerer) throw new RagshipError('NO_ANSWERER', 'A BEIR dataset does not ask for answers.');
        return (await index.answer({ ...serving, answerer, question, k: 5 })).answer;
      },
      ...(judge
        ? {
            judge: async (question: string, answer: string) =>
              judge.judge({
                question,
                answer,
                chunks: (await index.retrieve({ ...serving, query: question, k: 5 })).chunks,
              }),
          }
        : {}),
    },
    { perQuery: Boolean(flags.perQuery), onProgress: progressLine(context, `eval ${index.ref} on ${dataset.name}`) },
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
  return { kb: record.kb, version: formatVersion(record.version), ...result, recorded };
}

/**
 * Evaluates what a running API serves, over HTTP: `/v1/retrieve` for rankings, `/v1/chat` for QA
 * answers. Every response must come from one version (a promotion mid-run is an error).
 */
async function evalOverApi(
  context: CliContext,
  reference: string,
  dataset: EvalDataset,
  flags: EvalFlags & { api?: string },
): Promise<Measured> {
  if (flags.judge) throw new InvalidInputError('--judge runs in process only; drop --api to use it.', 'judge');
  const ref = parseIndexRef(reference);
  const client = createApiClient({ url: flags.api ?? '', apiKey: context.apiClientKey() });
  const served = new Set<string>();
  const note = (indexVersion: string | null) => {
    if (indexVersion) served.add(indexVersion);
    if (served.size > 1) {
      throw new RagshipError(
        'VERSION_CHANGED',
        `${client.url} switched versions during the eval: ${[...served].join(', ')}.`,
      );
    }
  };
  const result = await runEval(
    dataset,
    {
      retrieve: async (query, k) => {
        const response = await client.retrieve(query, ref.kb, k);
        note(response.indexVersion);
        return response.body.results.map((chunk) => ({ docId: chunk.docId, text: chunk.text }));
      },
      answer: async (question) => {
        const response = await client.chat(question, ref.kb);
        note(response.indexVersion);
        return response.body.answer;
      },
    },
    {
      perQuery: Boolean(flags.perQuery),
      maxChunks: API_MAX_K,
      concurrency: 4,
      onProgress: progressLine(context, `eval ${ref.kb} at ${client.url} on ${dataset.name}`),
    },
  );
  const [servedRef] = [...served];
  const version = servedRef ? servedRef.slice(servedRef.indexOf('@') + 1) : null;
  if (ref.kind === 'version' && version !== formatVersion(ref.version)) {
    throw new RagshipError('VERSION_MISMATCH', `${client.url} serves ${servedRef ?? 'nothing'}, not ${reference}.`);
  }
  const gates =
    ref.kind === 'environment' ? evaluateBounds(gatesFor(context.config, ref.kb, ref.environment), result.metrics) : [];
  return { kb: ref.kb, version: version ?? 'unknown', ...result, recorded: false, api: client.url, gates };
}

/** `<kb>@…` as `resolveVersion` reads it; a bare `<kb>` is its newest ready version. */
async function versionToEvaluate(context: CliContext, reference: string): Promise<VersionRecord> {
  const ref = parseIndexRef(reference);
  if (ref.kind !== 'kb') return resolveVersion(context.registry, reference);
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

/**
 * A progress line on stderr: rewritten in place on a terminal, every 10% otherwise; quiet with
 * --json off a terminal.
 */
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
    `${summary.kb}@${summary.version} on ${summary.dataset} ` +
      `(${summary.kind}${summary.split ? `, ${summary.split}` : ''}, ${summary.queries} queries):`,
    ...metrics,
    ...(summary.gates ?? []).map((gate) => `  gate ${gate.passed ? 'passed' : 'REFUSED'}: ${gate.message}`),
    summary.recorded
      ? `  recorded in the manifest under eval set ${summary.evalSet.slice(0, 12)}…`
      : summary.api
        ? `  measured through ${summary.api}; not recorded`
        : '  not recorded (--no-record)',
  ].join('\n');
}
