import path from 'node:path';
import { errorMessage, formatIndexRef, InvalidInputError, parseVersion, RagshipError } from '@ragship/core';
import { isDirectorySource, type IngestResult } from '@ragship/ingest';
import { promote, requireEnvironment } from '@ragship/operations';
import type { CliContext } from '../cli-context.js';
import { pollEvery, watchDirectory, type ChangeTrigger } from '../watch/change-triggers.js';
import { createRunLoop, type WatchTrigger } from '../watch/run-loop.js';
import { answeringIngestionRequests } from '../ingestion-requests.js';
import { ingestSource } from './ingest-command.js';

/** Flags of `ragship watch`. */
export interface WatchFlags {
  kb: string;
  /** `--promote <env>`: promote each new version there when that environment's gates pass. */
  promote?: string;
  /** `--interval <seconds>`: how often a web site, repository or bucket is polled. */
  interval: number;
  /** `--debounce <ms>`: how long a folder must be quiet after a change before the run. */
  debounce: number;
  /** `--exclude <glob>`, repeatable. */
  exclude?: string[];
}

/** What `watch --json` prints, one line per run. */
export interface WatchRunEvent {
  kb: string;
  trigger: WatchTrigger;
  /** Ingestion requests (`POST /v1/admin/ingestions`) this run answered. */
  requests: string[];
  status: 'succeeded' | 'failed';
  /** The new version, `v<N>`; null when nothing changed. */
  version: string | null;
  /** The promotion asked for with `--promote`: done, refused by its gates, or failed. */
  promotion?: { environment: string; status: 'promoted' | 'refused' | 'failed'; message: string };
  error?: { code: string; message: string };
  durationMs: number;
}

const REQUEST_POLL_MS = 2000;

/**
 * `ragship watch [<source>] --kb <kb>`: ingests the source now and again whenever it changes — a
 * folder on file-system events (debounced), a web site, git repository or S3 prefix by polling —
 * and whenever an ingestion request for the kb is recorded (`POST /v1/admin/ingestions`). One run
 * at a time; changes and requests during a run make one follow-up run. With `--promote <env>`,
 * each new version is promoted there when the environment's gates pass. Runs until Ctrl-C.
 */
export async function runWatch(context: CliContext, spec: string | undefined, flags: WatchFlags): Promise<void> {
  const configured = context.config.kbs[flags.kb]?.source;
  // A configured folder is relative to the config file, as every path in it is.
  const source =
    spec ??
    (configured && isDirectorySource(configured) ? path.resolve(context.config.baseDir, configured) : configured);
  if (!source) {
    throw new InvalidInputError(
      `Say what to watch: ragship watch <source> --kb ${flags.kb}, or set kbs.${flags.kb}.source in the config.`,
    );
  }
  if (flags.promote) requireEnvironment(context.config, flags.promote);
  const abort = new AbortController();
  const loop = createRunLoop((trigger) => watchRun(context, source, flags, trigger, abort.signal));
  const triggers: ChangeTrigger[] = [];
  if (isDirectorySource(source)) {
    triggers.push(watchDirectory(path.resolve(source), flags.debounce, () => loop.trigger('change')));
  } else {
    triggers.push(pollEvery(flags.interval * 1000, () => loop.trigger('poll')));
  }
  triggers.push(
    pollEvery(REQUEST_POLL_MS, async () => {
      const queued = await context.registry.listIngestions({ kb: flags.kb, status: 'queued', limit: 1 });
      if (queued.length > 0) loop.trigger('request');
    }),
  );
  context.output.info(
    `Watching ${source} for kb "${flags.kb}"` +
      `${isDirectorySource(source) ? '' : ` every ${flags.interval} s`}` +
      `${flags.promote ? `, promoting new versions to ${flags.promote}` : ''}. Ctrl-C stops.`,
  );
  loop.trigger('start');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  for (const trigger of triggers) trigger.close();
  abort.abort(new Error('interrupted'));
  await loop.stop();
}

/** One run: claims the kb's queued requests, ingests, promotes when asked, answers the requests, reports. */
async function watchRun(
  context: CliContext,
  spec: string,
  flags: WatchFlags,
  trigger: WatchTrigger,
  signal: AbortSignal,
): Promise<void> {
  const started = Date.now();
  const event: WatchRunEvent = {
    kb: flags.kb,
    trigger,
    requests: [],
    status: 'succeeded',
    version: null,
    durationMs: 0,
  };
  try {
    const { result, requests } = await answeringIngestionRequests(
      context.registry,
      flags.kb,
      'ragship watch',
      (onLeased) => ingestSource(context, spec, { kb: flags.kb, exclude: flags.exclude ?? [] }, signal, onLeased),
    );
    event.requests = requests;
    event.version = result.version;
    if (flags.promote && result.version) event.promotion = await promoteNew(context, result, flags.promote);
  } catch (error) {
    event.status = 'failed';
    event.error = { code: codeOf(error), message: errorMessage(error) };
  }
  event.durationMs = Date.now() - started;
  reportRun(context, event);
}

/** Promotes a version just built; a refusal by the gates is reported, not thrown. */
async function promoteNew(
  context: CliContext,
  result: IngestResult,
  environment: string,
): Promise<NonNullable<WatchRunEvent['promotion']>> {
  const version = parseVersion(result.version ?? '');
  const ref = formatIndexRef(result.kb, version);
  try {
    await promote(context, {
      kb: result.kb,
      version,
      to: environment,
      actor: context.actor(),
    });
    return { environment, status: 'promoted', message: `${ref} now serves in ${environment}` };
  } catch (error) {
    const refused = codeOf(error) === 'GATE_REFUSED';
    return { environment, status: refused ? 'refused' : 'failed', message: errorMessage(error) };
  }
}

function reportRun(context: CliContext, event: WatchRunEvent): void {
  if (context.output.json) {
    process.stdout.write(`${JSON.stringify(event)}\n`);
    return;
  }
  const what =
    event.status === 'failed'
      ? `failed: ${event.error?.message ?? 'unknown error'}`
      : event.version
        ? `built ${event.kb}@${event.version}`
        : `${event.kb} is up to date`;
  const promotion = event.promotion
    ? `; promotion to ${event.promotion.environment} ${event.promotion.status}: ${event.promotion.message}`
    : '';
  const requests = event.requests.length > 0 ? ` (answering ${event.requests.length} request(s))` : '';
  context.output.info(
    `[${new Date().toISOString()}] ${event.trigger}: ${what}${promotion}${requests} in ${event.durationMs} ms`,
  );
}

function codeOf(error: unknown): string {
  return error instanceof RagshipError ? error.code : 'INTERNAL';
}
