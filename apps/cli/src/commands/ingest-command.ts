import { ingest, type IngestResult } from '@ragship/ingest';
import { createEmbedder } from '@ragship/embeddings';
import type { CliContext } from '../cli-context.js';
import { createProgressReporter } from '../progress-reporter.js';

/** `ragship ingest <path> --kb <kb>`: builds a new version into the environment's store. */
export async function runIngest(context: CliContext, directory: string, kb: string): Promise<IngestResult> {
  const store = await context.store();
  const progress = createProgressReporter({ json: context.output.json });
  context.output.info(`Ingesting ${directory} into kb "${kb}" (environment ${context.config.environment})…`);
  try {
    const result = await ingest({
      directory,
      kb,
      registry: context.registry,
      store,
      embedder: createEmbedder(context.config.embedder),
      chunking: context.config.chunking,
      pipelineVersion: context.pipelineVersion(),
      onProgress: progress.report,
    });
    progress.stop();
    context.output.result(result, () => describeIngest(result));
    return result;
  } finally {
    progress.stop();
  }
}

function describeIngest(result: IngestResult): string {
  const { documents, chunks } = result;
  const lines = [
    result.version
      ? `Wrote ${result.kb}@${result.version}${result.parent ? ` (parent ${result.parent})` : ''} in ${result.durationMs} ms.`
      : `Nothing changed since ${result.kb}@${result.parent}; no new version.`,
    `Documents: ${documents.added} added, ${documents.changed} changed, ${documents.removed} removed, ${documents.unchanged} unchanged, ${documents.rejected} rejected.`,
    `Chunks: ${chunks.total} total, ${chunks.embedded} embedded, ${chunks.reused} reused.`,
  ];
  if (result.fullRebuild) lines.push(`Full rebuild: ${result.fullRebuild}.`);
  for (const rejected of result.rejected) lines.push(`  rejected ${rejected.docId}: ${rejected.reason}`);
  for (const skipped of result.skipped) lines.push(`  skipped ${skipped.path}: ${skipped.reason}`);
  if (result.version) lines.push(`Next: ragship promote ${result.kb}@${result.version} --to dev`);
  return lines.join('\n');
}
