import path from 'node:path';
import { createEmbedder, createEmbeddingCache } from '@ragship/embeddings';
import { estimateDocumentCount, ingest, openSource, sourceCacheDir, type IngestResult } from '@ragship/ingest';
import type { CliContext } from '../cli-context.js';
import { answeringIngestionRequests } from '../ingestion-requests.js';
import { createProgressReporter } from '../progress-reporter.js';

/** Flags of `ragship ingest`. */
export interface IngestFlags {
  kb: string;
  /** `--max-rejected <n|%>`: fail past this many rejected documents. */
  maxRejected?: string;
  /** `--exclude <glob>`, repeatable. */
  exclude?: string[];
  /** `--no-wait`: fail at once when another run holds the kb, instead of waiting for it. */
  wait?: boolean;
}

/**
 * `ragship ingest <source> --kb <kb>`: builds a new version into the environment's store from a
 * directory, a web site, a git repository or an S3 prefix. Ctrl-C stops the run cleanly: the
 * half-built version is marked failed and its segment deleted. A second run of the same kb waits
 * for the first (or, with `--no-wait`, exits naming who holds it).
 */
export async function runIngest(context: CliContext, spec: string, flags: IngestFlags): Promise<IngestResult> {
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { result } = await answeringIngestionRequests(context.registry, flags.kb, 'ragship ingest', (onLeased) =>
      ingestSource(context, spec, flags, abort.signal, onLeased),
    );
    context.output.result(result, () => describeIngest(result));
    return result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** One ingest run of `spec` into `flags.kb`, with progress on stderr; what `ingest` and `watch` run. */
export async function ingestSource(
  context: CliContext,
  spec: string,
  flags: IngestFlags,
  signal: AbortSignal,
  /** Runs once the run holds the kb's lease (see `answeringIngestionRequests`). */
  onLeased?: () => Promise<void>,
): Promise<IngestResult> {
  const { config, output } = context;
  const source = openSource(spec, context.sourceSettings());
  const store = await context.store();
  const embedder = createEmbedder(config.embedder, config.providers);
  const cache = createEmbeddingCache({ file: path.join(config.dataDirPath, 'embedding-cache.db') });
  const progress = createProgressReporter({ json: output.json });
  output.info(
    `Ingesting ${source.location} into kb "${flags.kb}" (environment ${config.environment}, embedder ${embedder.id})…`,
  );
  const exclude = [...config.ingest.exclude, ...(flags.exclude ?? [])];
  try {
    // Only a progress bar needs the total; an unreadable path fails in ingest with a clear message.
    const totalDocuments =
      process.stderr.isTTY && source.kind === 'directory'
        ? await estimateDocumentCount(spec, { exclude }).catch(() => undefined)
        : undefined;
    return await ingest({
      source,
      sourceCacheDir: sourceCacheDir(config.dataDirPath),
      onSourceProgress: progress.source,
      log: (message) => output.info(message),
      lease: {
        wait: flags.wait !== false,
        ...(onLeased ? { onAcquired: onLeased } : {}),
        onWait: (lease) =>
          output.info(`Waiting for ${lease.description} (since ${lease.acquiredAt}) to finish with kb "${flags.kb}"…`),
      },
      kb: flags.kb,
      registry: context.registry,
      store,
      environment: config.environment,
      embedder,
      cache,
      chunking: config.chunking,
      validation: config.validation,
      ingest: {
        ...config.ingest,
        ...(flags.maxRejected === undefined ? {} : { maxRejected: flags.maxRejected }),
        exclude,
      },
      ...(totalDocuments === undefined ? {} : { totalDocuments }),
      pipelineVersion: context.pipelineVersion(),
      onProgress: progress.report,
      signal,
      tracing: context.tracing,
    });
  } finally {
    progress.stop();
    cache.close();
  }
}

export function describeIngest(result: IngestResult): string {
  const { documents, chunks } = result;
  const lines: string[] = [];
  for (const version of result.recovered)
    lines.push(`Cleaned up ${result.kb}@${version}, left building by an interrupted run.`);
  lines.push(
    result.version
      ? `Wrote ${result.kb}@${result.version}${result.parent ? ` (parent ${result.parent})` : ''} ` +
          `in ${result.durationMs} ms.`
      : `${result.kb} is up to date: nothing changed since ${result.kb}@${result.parent}; no new version.`,
    `Documents: ${documents.added} added, ${documents.changed} changed, ${documents.removed} removed, ` +
      `${documents.unchanged} unchanged, ${documents.rejected} rejected, ${documents.flagged} flagged.`,
    `Chunks: ${chunks.total} live, ${chunks.reused} reused, ${chunks.written} written, ` +
      `${chunks.embedded} embedded, ${chunks.cached} from cache.`,
  );
  if (result.fullRebuild && result.parent) lines.push(`Full rebuild: ${result.fullRebuild}.`);
  if (result.compacted) lines.push(`Compacted into one base segment: ${result.compacted}.`);
  for (const rejected of result.rejected.slice(0, 20)) lines.push(`  rejected ${rejected.docId}: ${rejected.reason}`);
  if (result.rejected.length > 20)
    lines.push(`  … and ${result.rejected.length - 20} more rejected (see --json or ragship show).`);
  for (const flagged of result.flagged.slice(0, 20)) {
    lines.push(`  flagged ${flagged.docId}: ${flagged.reason}${flagged.redacted ? ' (redacted)' : ''}`);
  }
  if (result.flagged.length > 20) lines.push(`  … and ${result.flagged.length - 20} more flagged.`);
  for (const skipped of result.skipped.slice(0, 20)) lines.push(`  skipped ${skipped.path}: ${skipped.reason}`);
  if (result.version) lines.push(`Next: ragship promote ${result.kb}@${result.version} --to <env>`);
  return lines.join('\n');
}
