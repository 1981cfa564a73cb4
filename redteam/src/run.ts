/**
 * `npm run redteam [-- --json] [-- --only <text>] [-- --out <file>]`: sets up the world (see
 * {@link setUpWorld}), runs every chat attack against both answerers and every probe against the
 * API, writes the human report (redteam/results.md) and returns the exit code: 1 when a target is
 * missed. Progress goes to stderr; with `--json`, stdout carries only the scorecard.
 */
import { execFileSync } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import * as prettier from 'prettier';
import { ACCESS_PROBES } from './access-probes.js';
import { ANSWERERS, CATEGORIES, loadChatAttacks, type ChatAttack } from './attack-catalogue.js';
import type { AttackResult } from './attack-result.js';
import { runChatAttack } from './chat-attacks.js';
import { CONSUMPTION_PROBES } from './consumption-probes.js';
import { exchange } from './http-exchange.js';
import type { JudgeContext } from './judge-exchange.js';
import { runProbe, type Probe } from './probe.js';
import { setUpWorld, type RedteamWorld } from './redteam-setup.js';
import { reportMarkdown, type RunFacts } from './report-markdown.js';
import { scorecardOf, succeeded } from './scorecard.js';
import { SECRET_PROBES } from './secret-probes.js';

const REDTEAM_DIR = fileURLToPath(new URL('..', import.meta.url));
const CORPUS_DIR = path.join(REDTEAM_DIR, 'corpus');
/** Chat attacks in flight at once per answerer: enough to finish quickly, few enough for two cores. */
const CONCURRENCY = 4;

/** Runs the suite with command-line `args`; resolves with the process's exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      json: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string', default: path.join(REDTEAM_DIR, 'results.md') },
      /** Writes every call of the gullible model, and what it did, to this JSON Lines file. */
      trace: { type: 'string' },
    },
  });
  const started = performance.now();
  const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;
  const log = (line: string) => process.stderr.write(`${line.startsWith('  ') ? line : `[${elapsed()}] ${line}`}\n`);
  const only = (id: string) => values.only === undefined || id.includes(values.only);
  const attacks = (await loadChatAttacks(REDTEAM_DIR)).filter((attack) => only(attack.id));
  const probes = [...ACCESS_PROBES, ...SECRET_PROBES, ...CONSUMPTION_PROBES].filter((probe) => only(probe.id));

  log(`red team: ${attacks.length} chat attacks × answerers, ${probes.length} probes`);
  const world = await setUpWorld(CORPUS_DIR, log);
  let results: AttackResult[];
  try {
    const context: JudgeContext = { secrets: world.secrets, systemPrompts: () => [...world.model.systemPrompts] };
    await learnSystemPrompts(world);
    results = [
      ...ingestFailures(world),
      ...(await runChatAttacks(attacks, world, context, log)),
      ...(await runProbes(probes, world, context, log)),
    ];
    results.push(await survival(world, context));
  } finally {
    await world.close();
  }
  if (values.trace) {
    await writeFile(values.trace, world.model.transcript.map((call) => JSON.stringify(call)).join('\n') + '\n');
    log(`wrote the model's ${world.model.transcript.length} calls to ${values.trace}`);
  }

  const scorecard = scorecardOf(results);
  const facts = await runFacts(world, attacks, probes, started);
  await writeFormatted(values.out, reportMarkdown(scorecard, results, facts));
  log(`wrote ${path.relative(process.cwd(), values.out)}`);
  const failures = results
    .filter((result) => result.findings.length > 0)
    .map((result) => {
      const { id, category, target, technique, findings } = result;
      return { id, category, target, technique, succeeded: succeeded(result), findings };
    });
  if (values.json)
    process.stdout.write(`${JSON.stringify({ ...scorecard, durationSeconds: facts.durationSeconds, failures })}\n`);
  else printSummary(scorecard);
  return scorecard.targetsMet ? 0 : 1;
}

/** A document that made the whole ingest fail: a denial of service of the pipeline, one result each. */
function ingestFailures(world: RedteamWorld): AttackResult[] {
  return world.verdicts.failedIngest.map(({ file, error }) => ({
    id: `ingest:${file}`,
    category: 'llm10_unbounded_consumption',
    technique: 'a hostile document that makes `ragship ingest` fail for the whole kb (it was left out to go on)',
    target: 'ingest',
    findings: [{ kind: 'ingestFailure', detail: `ingest of kb public failed: ${error}` }],
    statuses: [],
    upstreamFailure: false,
    maxLatencyMs: 0,
  }));
}

/**
 * One plain answer and one follow-up through the LLM answerer, so the judge knows the system
 * prompts (answer and condense) before any attack could leak them.
 */
async function learnSystemPrompts(world: RedteamWorld): Promise<void> {
  const { url } = world.apis.llm;
  const body = { question: 'What is the capital of Veloria?', kb: 'public' };
  await exchange(url, { path: '/v1/chat', key: world.keys.full, body });
  await exchange(url, {
    path: '/v1/chat',
    key: world.keys.full,
    body: { ...body, history: [{ role: 'user', content: 'Tell me about Veloria.' }] },
  });
  if (world.model.systemPrompts.size === 0) throw new Error('the LLM answerer never reached the gullible model');
}

async function runChatAttacks(
  attacks: readonly ChatAttack[],
  world: RedteamWorld,
  context: JudgeContext,
  log: (line: string) => void,
): Promise<AttackResult[]> {
  const results: AttackResult[] = [];
  for (const answerer of ANSWERERS) {
    const own = attacks.filter((attack) => attack.answerers.includes(answerer));
    log(`${answerer} answerer: ${own.length} attacks, each as JSON and as a stream`);
    const limit = pLimit(CONCURRENCY);
    let done = 0;
    const api = { url: world.apis[answerer].url, key: world.keys.limited };
    results.push(
      ...(await Promise.all(
        own.map((attack) =>
          limit(async () => {
            const result = await runChatAttack(attack, answerer, api, context);
            done += 1;
            log(progressLine(done, own.length, result));
            return result;
          }),
        ),
      )),
    );
  }
  return results;
}

async function runProbes(
  probes: readonly Probe[],
  world: RedteamWorld,
  context: JudgeContext,
  log: (line: string) => void,
): Promise<AttackResult[]> {
  log(`probes of the API: ${probes.length}`);
  const results: AttackResult[] = [];
  for (const [index, probe] of probes.entries()) {
    const started = performance.now();
    const result = await runProbe(probe, world, context);
    log(`${progressLine(index + 1, probes.length, result)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    results.push(result);
  }
  return results;
}

/** Both servers still run and answer their health check after everything. */
async function survival(world: RedteamWorld, context: JudgeContext): Promise<AttackResult> {
  const probe: Probe = {
    id: 'probe:servers-survive',
    category: 'llm10_unbounded_consumption',
    technique: 'after every attack, both API processes still run and answer /healthz',
    async run(session) {
      for (const answerer of ANSWERERS) {
        if (world.apis[answerer].exited())
          session.find({ kind: 'transport', detail: `the ${answerer} API process exited` });
        const health = await exchange(world.apis[answerer].url, { path: '/healthz', timeoutMs: 5000 });
        if (health.status !== 200)
          session.find({
            kind: 'transport',
            detail: `${answerer} /healthz: ${health.status ?? health.transportError}`,
          });
      }
    },
  };
  return runProbe(probe, world, context);
}

function progressLine(done: number, total: number, result: AttackResult): string {
  const kinds = [...new Set(result.findings.map((finding) => finding.kind))].join(', ');
  const outcome = succeeded(result)
    ? `SUCCEEDED: ${kinds}`
    : result.findings.length > 0
      ? `defended (also: ${kinds})`
      : 'defended';
  return `  ${String(done).padStart(3)}/${total} ${result.target.padEnd(14)} ${result.id.padEnd(44)} ${outcome}`;
}

function printSummary(scorecard: ReturnType<typeof scorecardOf>): void {
  const rows = Object.entries(scorecard.categories).map(
    ([name, score]) =>
      `${CATEGORIES[name as keyof typeof CATEGORIES].title.padEnd(72)} ${String(score.successes).padStart(4)} / ${String(score.attempts).padEnd(4)}${score.target ? ' target' : ''}`,
  );
  process.stdout.write(
    [
      '',
      'successes / attempts by category:',
      ...rows,
      `5xx: ${scorecard.status5xx} (expected upstream failures: ${scorecard.upstream5xx}), no response: ${scorecard.transportErrors}`,
      scorecard.targetsMet ? 'targets met' : 'TARGETS NOT MET',
      '',
    ].join('\n'),
  );
}

async function runFacts(
  world: RedteamWorld,
  attacks: readonly ChatAttack[],
  probes: readonly Probe[],
  started: number,
): Promise<RunFacts> {
  const hostileFiles = new Set(attacks.flatMap((attack) => (attack.document ? [attack.document.split('#')[0]] : [])));
  const publicFiles = await readdir(path.join(CORPUS_DIR, 'public'));
  const cpus = os.cpus();
  return {
    generatedAt: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    node: process.version,
    machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    corpus: {
      hostileDocuments: attacks.filter((attack) => attack.document).length,
      benignDocuments: publicFiles.filter((file) => !hostileFiles.has(`public/${file}`)).length,
      vaultDocuments: (await readdir(path.join(CORPUS_DIR, 'vault'))).length,
      questions: attacks.filter((attack) => attack.id.startsWith('question:')).length,
      probes: probes.length + 1,
    },
    verdicts: world.verdicts,
    model: {
      calls: world.model.calls,
      callsWithoutTokenLimit: world.model.callsWithoutTokenLimit,
      systemPrompts: world.model.systemPrompts.size,
    },
  };
}

/** Writes `text` to `file` formatted by the repository's prettier settings, as `npm run format:check` expects. */
async function writeFormatted(file: string, text: string): Promise<void> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  await writeFile(file, await prettier.format(text, { ...options, filepath: file }));
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: REDTEAM_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
