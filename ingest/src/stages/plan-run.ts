import { assertKbName, formatVersion, type Manifest } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import type { VersionRecord } from '@ragship/registry';
import type { StageClock } from '@ragship/telemetry';
import { SPLITTER_ID } from '../chunking/chunk-document.js';
import { inputFingerprint, type InputFingerprint } from '../incremental/input-fingerprint.js';
import { missingSegmentsReason, rebuildReason } from '../incremental/rebuild-reason.js';
import type { IngestOptions } from '../ingest-options.js';
import { parseRejectionBudget, type RejectionBudget } from '../validation/index.js';
import { recoverInterruptedRuns } from '../version/recover-interrupted-runs.js';
import { isRunAlive } from '../version/run-owner.js';
import { snapshotSource } from '../sources/snapshot-source.js';
import type { SourceSnapshot } from '../sources/document-source.js';

/** What a run builds on, decided before it reads any document. */
export interface RunPlan {
  /** The last ready version, which the run compares documents with; null for the first run. */
  parent: VersionRecord | null;
  /** That version's manifest. */
  parentManifest: Manifest | null;
  /**
   * The parent's manifest when the run builds on it incrementally (same chunker, embedder and
   * validation settings, every segment in this store); null for a full rebuild.
   */
  buildsOn: Manifest | null;
  /** The chunker settings the manifest records. */
  chunking: Manifest['chunking'];
  /** Why every document is rebuilt although there is a parent, else null. */
  fullRebuild: string | null;
  /** The source's local copy the run reads; released when the run ends. */
  snapshot: SourceSnapshot;
  /** The input files' fingerprint; null when the directory cannot be read (loading then says why). */
  input: InputFingerprint | null;
  /**
   * The source says nothing changed since `buildsOn` (every page 304, the same commit, the same
   * listing), or the files are byte for byte those it was built from: nothing to load, no version.
   */
  inputUnchanged: boolean;
  /** Interrupted runs cleaned up, `v<N>`. */
  recovered: string[];
  /** `--max-rejected`, parsed; undefined when unlimited. */
  budget: RejectionBudget | undefined;
}

/**
 * The plan stage: checks the kb name and rejection budget, cleans up runs that died while
 * building, takes the last ready version as the parent, decides whether the run can build on it
 * or must rebuild everything (and why), fetches what changed from the source (told what the parent
 * saw of it) and fingerprints the files it gave.
 */
export async function planRun(options: IngestOptions, embedder: Embedder, clock: StageClock): Promise<RunPlan> {
  const { kb, registry, store } = options;
  assertKbName(kb);
  const { maxRejected } = options.ingest;
  const budget = maxRejected === undefined ? undefined : parseRejectionBudget(maxRejected);
  // One read of the versions serves both: recovery only moves `building` ones to `failed`.
  const versions = await registry.listVersions(kb);
  const recovered = await recoverInterruptedRuns({
    kb,
    registry,
    store,
    versions,
    isRunAlive: options.isRunAlive ?? isRunAlive,
  });

  const parent = versions.find((record) => record.status === 'ready') ?? null;
  const parentManifest = parent?.manifest ?? null;
  const chunking = { splitter: SPLITTER_ID, ...options.chunking };
  const reason =
    rebuildReason(parentManifest, chunking, embedder, options.validation) ??
    (await missingSegmentsReason(parentManifest, store));
  const buildsOn = reason === null ? parentManifest : null;
  const snapshot = await clock.time('load', () => snapshotSource(options, parentManifest));
  const input = await clock
    .time('load', () => inputFingerprint(snapshot.directory, options.ingest, buildsOn?.inputFiles))
    .catch(async (error: unknown) => {
      await snapshot.release();
      throw error;
    });
  return {
    parent,
    parentManifest,
    buildsOn,
    chunking,
    fullRebuild: parentManifest ? reason : null,
    snapshot,
    input,
    inputUnchanged:
      buildsOn !== null &&
      ((snapshot.unchanged && buildsOn.source !== undefined) ||
        (input !== null && buildsOn.inputFingerprint === input.fingerprint)),
    recovered: recovered.map(formatVersion),
    budget,
  };
}
