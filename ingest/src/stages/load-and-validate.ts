import { RagshipError, type FlaggedDocument, type ManifestDocument, type RejectedDocument } from '@ragship/core';
import type { StageClock } from '@ragship/telemetry';
import type { IngestOptions } from '../ingest-options.js';
import { loadDirectory } from '../loaders/index.js';
import type { LoadedItem, SkippedFile, SourceDocument } from '../source-document.js';
import { createValidator, exceedsBudget, type ValidationOutcome } from '../validation/index.js';
import { periodicYield } from './periodic-yield.js';
import type { RunPlan } from './plan-run.js';
import type { RunProgress } from './run-progress.js';

/** A document that passed validation and needs chunks: new, changed, or any in a full rebuild. */
export interface DocumentToChunk {
  /** The document as validated (redacted when `pii: 'redact'` found personal data). */
  document: SourceDocument;
  /** The flags validation gave it, stored on every chunk. */
  flags: readonly string[];
}

/** What loading and validating found, filled in as the documents are pulled. */
export interface LoadedDocuments {
  changes: { added: number; changed: number; unchanged: number };
  rejected: RejectedDocument[];
  flagged: FlaggedDocument[];
  skipped: SkippedFile[];
  /**
   * Manifest entries of the new version: so far the parent's entries of unchanged documents, kept
   * as they are in an incremental run (their chunks stay in the parent's segments).
   */
  documents: Record<string, ManifestDocument>;
}

/**
 * The load and validate stages: walks the source's directory, validates each document (a document the
 * parent accepted with the same content keeps that verdict), compares it with the parent by
 * content hash, and yields the ones that need chunks. Counts rejected, flagged, skipped and
 * unchanged documents in `found` as it goes, and fails as soon as a count budget is exceeded.
 */
export function loadAndValidate(
  options: IngestOptions,
  plan: RunPlan,
  clock: StageClock,
  progress: RunProgress,
): { documents: AsyncIterable<DocumentToChunk>; found: LoadedDocuments } {
  const found: LoadedDocuments = {
    changes: { added: 0, changed: 0, unchanged: 0 },
    rejected: [],
    flagged: [],
    // What the source could not take (a page that failed, an object of an unknown type) comes first.
    skipped: [...(plan.snapshot.skipped ?? [])],
    documents: {},
  };
  const validator = createValidator(options.validation);
  const parentDocuments = plan.parentManifest?.documents ?? {};
  const parentFlagged = new Map(plan.parentManifest?.validation.flagged.map((entry) => [entry.docId, entry]));

  /** The validator's verdict on a loaded item; a document the parent accepted unchanged keeps its verdict. */
  function validate(item: Exclude<LoadedItem, { kind: 'skipped' }>, unchanged: boolean): ValidationOutcome {
    if (item.kind === 'invalid') {
      return { status: 'rejected', rejected: { docId: item.docId, rule: 'invalid-record', reason: item.reason } };
    }
    const { document } = item;
    return clock.timeSync('validate', () =>
      plan.buildsOn && unchanged
        ? validator.known(document, parentFlagged.get(document.docId))
        : validator.check(document),
    );
  }

  async function* documents(): AsyncGenerator<DocumentToChunk> {
    const { signal } = options;
    // Loading, validating and chunking resolve their awaits at once, so without a turn now and then
    // the store's add requests in flight would wait for this loop to send their bodies and read
    // their answers (the store sat idle ~40% of a SciFact run that way).
    const yieldTurn = periodicYield(1);
    for await (const item of clock.timeIterable(
      'load',
      loadDirectory(plan.snapshot.directory, {
        exclude: options.ingest.exclude,
        followLinksOutside: options.ingest.followLinksOutside,
        maxFileBytes: options.ingest.maxFileBytes,
        sourceUrls: plan.snapshot.sourceUrls,
      }),
    )) {
      signal?.throwIfAborted();
      await yieldTurn();
      if (item.kind === 'skipped') {
        found.skipped.push(item.skipped);
        continue;
      }
      progress.documents++;
      const previous = item.kind === 'invalid' ? undefined : parentDocuments[item.document.docId];
      // Redaction keeps the original contentHash, so this holds for the validated document too.
      const unchanged = item.kind !== 'invalid' && previous?.contentHash === item.document.contentHash;
      const outcome = validate(item, unchanged);
      if (outcome.status === 'rejected') {
        found.rejected.push(outcome.rejected);
        if (plan.budget?.kind === 'count') checkRejectionBudget(options, plan, found, progress);
        continue;
      }
      const { document } = outcome;
      if (outcome.flagged) found.flagged.push(outcome.flagged);
      if (unchanged) {
        found.changes.unchanged++;
        if (plan.buildsOn && previous) {
          found.documents[document.docId] = previous;
          continue;
        }
      } else if (previous) found.changes.changed++;
      else found.changes.added++;
      yield { document, flags: outcome.flagged?.flags ?? [] };
    }
  }

  return { documents: documents(), found };
}

/**
 * Fails the run when its rejections exceed `--max-rejected`. A count is checked after every
 * rejection; a percentage only once every document is read (see `exceedsBudget`), after the
 * last write, so this runs again then.
 */
export function checkRejectionBudget(
  options: IngestOptions,
  plan: RunPlan,
  found: LoadedDocuments,
  progress: RunProgress,
): void {
  const rejected = found.rejected.length;
  if (plan.budget && exceedsBudget(plan.budget, rejected, progress.documents)) {
    throw new RagshipError(
      'REJECTION_BUDGET_EXCEEDED',
      `${rejected} of ${progress.documents} documents rejected, ` +
        `past --max-rejected ${String(options.ingest.maxRejected)}; nothing was written.`,
    );
  }
}

/** Ids of the parent's documents this run found neither unchanged nor written. */
export function removedDocuments(
  plan: RunPlan,
  found: LoadedDocuments,
  written: ReadonlyMap<string, unknown>,
): string[] {
  return Object.keys(plan.parentManifest?.documents ?? {}).filter(
    (docId) => !found.documents[docId] && !written.has(docId),
  );
}
