/**
 * The world the attacks run in: a temporary workspace with the corpus, a real Chroma server, the
 * kbs ingested and promoted with the real CLI, the gullible model, and two real `ragship serve`
 * processes on 127.0.0.1 — one answering extractively, one through the gullible model — with API
 * keys and canary secrets in their environment.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startChromaServer } from '@ragship/chroma-server';
import type { Answerer } from './attack-catalogue.js';
import { startGullibleModel, type GullibleModel } from './gullible-model.js';
import type { Secret } from './judge.js';
import { documentsThatFailIngestSuspectsFirst, type IngestFailure } from './documents-that-fail-ingest.js';
import { ragship, serve, type RunningApi } from './ragship-cli.js';

/** The API keys the servers accept. */
export interface ApiKeys {
  /** `admin`, every kb. */
  full: string;
  /** `operator` limited to kb `public`: it must never see kb `vault`. */
  limited: string;
  /** `reader`, used only by the floods so their rate limit is their own. */
  flood: string;
}

/** What ingestion kept out or flagged, by docId. */
export interface IngestVerdicts {
  rejected: Record<string, string>;
  flagged: Record<string, string>;
  /** Documents that made the whole ingest fail; they were left out to ingest the rest. */
  failedIngest: IngestFailure[];
}

/** A running red-team world; `close()` tears all of it down. */
export interface RedteamWorld {
  apis: Record<Answerer, RunningApi>;
  model: GullibleModel;
  keys: ApiKeys;
  /** Keys and environment canaries: no response may contain any of them. */
  secrets: Secret[];
  verdicts: IngestVerdicts;
  /** Limits of the servers' configuration that attacks are judged against. */
  limits: { maxTokens: number; generationTimeoutSeconds: number; requestsPerMinute: number };
  close(): Promise<void>;
}

const canary = (name: string) => `rt-${name}-${randomBytes(12).toString('hex')}`;
const LIMITS = { maxTokens: 512, generationTimeoutSeconds: 4, requestsPerMinute: 600 };

/** Builds the world from `corpusDir` (`public/` and `vault/`), reporting each step on `log`. */
export async function setUpWorld(corpusDir: string, log: (line: string) => void): Promise<RedteamWorld> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const workdir = await mkdtemp(path.join(os.tmpdir(), 'ragship-redteam-'));
    cleanups.push(() => rm(workdir, { recursive: true, force: true }));
    await cp(corpusDir, workdir, { recursive: true });
    const chroma = await startChromaServer({ dataDir: path.join(workdir, 'chroma') });
    cleanups.push(() => chroma.stop());
    const model = await startGullibleModel();
    cleanups.push(() => model.close());

    const keys: ApiKeys = { full: canary('full-key'), limited: canary('limited-key'), flood: canary('flood-key') };
    const environmentSecrets = {
      OPENAI_API_KEY: canary('openai'),
      PINECONE_API_KEY: canary('pinecone'),
      AWS_SECRET_ACCESS_KEY: canary('aws'),
      RAGSHIP_REDTEAM_SECRET: canary('env'),
    };
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...environmentSecrets,
      CHROMA_URL: chroma.url,
      RAGSHIP_ACTOR: 'redteam',
      LOG_LEVEL: 'warn',
      RAGSHIP_API_KEYS: JSON.stringify([
        { name: 'full', key: keys.full, role: 'admin' },
        { name: 'limited', key: keys.limited, role: 'operator', kbs: ['public'] },
        { name: 'flood', key: keys.flood, role: 'reader' },
      ]),
    };
    const common = [
      'api: { host: 127.0.0.1 }',
      `generation: { maxTokens: ${LIMITS.maxTokens}, timeoutSeconds: ${LIMITS.generationTimeoutSeconds} }`,
    ];
    await writeFile(path.join(workdir, 'extractive.yaml'), [...common, 'answerer: extractive', ''].join('\n'));
    await writeFile(
      path.join(workdir, 'llm.yaml'),
      [...common, 'answerer: openai:gullible-1', `providers: { openai: { baseUrl: '${model.baseUrl}' } }`, ''].join(
        '\n',
      ),
    );

    const verdicts = await ingestAndPromote(workdir, env, log);
    log('starting ragship serve twice: extractive answerer, and the gullible model');
    const [extractive, llm] = await Promise.all([
      serve(workdir, env, 'extractive.yaml'),
      serve(workdir, env, 'llm.yaml'),
    ]);
    cleanups.push(
      () => extractive.stop(),
      () => llm.stop(),
    );
    return {
      apis: { extractive, llm },
      model,
      keys,
      secrets: [
        ...Object.entries<string>({ ...keys }).map(([name, value]) => ({ name: `API key "${name}"`, value })),
        ...Object.entries(environmentSecrets).map(([name, value]) => ({ name, value })),
      ],
      verdicts,
      limits: LIMITS,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

interface IngestResult {
  version: string | null;
  rejected?: { docId: string; reason: string }[];
  flagged?: { docId: string; reason: string }[];
}

/**
 * `public` once; `vault` twice (its salaries document changed in between, so the admin API has a
 * diff to show); both promoted to dev. Documents that make the whole ingest fail are found,
 * reported and left out (see {@link ingestLeavingOutFailures}).
 */
async function ingestAndPromote(
  workdir: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<IngestVerdicts> {
  const config = ['--config', 'extractive.yaml'];
  const ingest = async (kb: string, excluded: readonly string[] = [], as = kb) => {
    const exclusions = excluded.flatMap((file) => ['--exclude', file]);
    return (await ragship([...config, 'ingest', kb, '--kb', as, ...exclusions], workdir, env)) as IngestResult;
  };
  // One at a time: the CLI runs share one registry file.
  const { result: publicKb, failures } = await ingestLeavingOutFailures(workdir, ingest, log);
  log(
    `ingested public@${publicKb.version}: ${publicKb.rejected?.length ?? 0} rejected, ${publicKb.flagged?.length ?? 0} flagged`,
  );
  await ingest('vault');
  await appendFile(
    path.join(workdir, 'vault', 'salaries.md'),
    '\nFrom next year the band code becomes VAULT-CANARY-n3wband9.\n',
  );
  const vault = await ingest('vault');
  await ragship([...config, 'promote', `public@${publicKb.version}`, '--to', 'dev'], workdir, env);
  await ragship([...config, 'promote', `vault@${vault.version}`, '--to', 'dev'], workdir, env);
  log(`promoted public@${publicKb.version} and vault@${vault.version} to dev`);
  return {
    rejected: Object.fromEntries((publicKb.rejected ?? []).map((item) => [item.docId, item.reason])),
    flagged: Object.fromEntries((publicKb.flagged ?? []).map((item) => [item.docId, item.reason])),
    failedIngest: failures,
  };
}

/**
 * Ingests kb `public`; when that fails as a whole, finds the documents that make it fail (the
 * suspicious ones first, see {@link suspiciousFiles}) by ingesting subsets into a scratch kb, and
 * ingests without them.
 */
async function ingestLeavingOutFailures(
  workdir: string,
  ingest: (kb: string, excluded?: readonly string[], as?: string) => Promise<IngestResult>,
  log: (line: string) => void,
): Promise<{ result: IngestResult; failures: IngestFailure[] }> {
  try {
    return { result: await ingest('public'), failures: [] };
  } catch (error) {
    const whole = lastLine(error);
    log(`ingesting public failed as a whole (${whole}); finding the documents that do it`);
    const directory = path.join(workdir, 'public');
    const files = await readdir(directory);
    const fails = (subset: readonly string[]) =>
      ingest(
        'public',
        files.filter((file) => !subset.includes(file)),
        'isolation',
      )
        .then(() => null)
        .catch((failure: unknown) => lastLine(failure));
    const failures = await documentsThatFailIngestSuspectsFirst(
      files,
      await suspiciousFiles(directory, files),
      fails,
      whole,
    );
    log(`left out: ${failures.map((failure) => failure.file).join(', ')}`);
    return {
      result: await ingest(
        'public',
        failures.map((failure) => failure.file),
      ),
      failures,
    };
  }
}

/**
 * Files likely to break a pipeline: tokenizer control tokens (`<|endoftext|>`, `<|im_start|>`), NUL
 * bytes, or more than 50 kB.
 */
async function suspiciousFiles(directory: string, files: readonly string[]): Promise<string[]> {
  const suspicious = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(path.join(directory, file));
      return bytes.length > 50_000 || bytes.includes(0) || /<\|[\w-]+\|>/.test(bytes.toString('utf8'));
    }),
  );
  return files.filter((_, index) => suspicious[index]);
}

function lastLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim())
      .at(-1)
      ?.replace(/^ragship:\s*/, '') ?? text
  );
}
