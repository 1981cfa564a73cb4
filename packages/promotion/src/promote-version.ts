import {
  NotFoundError,
  RagshipError,
  formatIndexRef,
  formatVersion,
  type GateConfig,
  type Manifest,
} from '@ragship/core';
import type { Registry, VersionRecord } from '@ragship/registry';
import { recordRun, SpanKind, StageClock, TRACING_OFF, type Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import type { AliasMove } from './alias-move.js';
import { evaluateGates, type GateResult } from './evaluate-gates.js';
import { GateRefusedError } from './gate-refused-error.js';
import { recordBaseline, type BaselineRequest, type BaselineSummary } from './record-baseline.js';
import {
  materialiseVersion,
  planSegments,
  type MaterialiseProgress,
  type MaterialiseReport,
  type SegmentPlan,
  type SourceStore,
} from './materialise-version.js';

/** The environment a version is promoted to. */
export interface PromotionTarget {
  environment: string;
  store: VectorStore;
  /** The environment's gates by metric name. */
  gates: Readonly<Record<string, GateConfig>>;
  /** When set, the only embedder id versions promoted here may have. */
  embedder?: string | undefined;
}

/** Options of {@link promoteVersion}. */
export interface PromoteOptions {
  registry: Registry;
  kb: string;
  version: number;
  target: PromotionTarget;
  /** Stores to copy missing segments from, tried in order. */
  sources: readonly SourceStore[];
  /** Who is promoting, for the audit log. */
  actor: string;
  /** Check and plan only: no copy, no flip. */
  dryRun?: boolean;
  /** Also verify segments the target already holds (reads them all). */
  verifyAll?: boolean;
  /** Allow a version embedded differently from what the target serves (a planned embedder migration). Audited. */
  allowEmbedderChange?: boolean;
  /** Extra facts for the audit entry (of the promotion, or of its refusal), e.g. `{ source: 'staging' }`. */
  details?: Record<string, unknown>;
  signal?: AbortSignal;
  onProgress?: (progress: PromotionProgress) => void;
  /** Promote despite refused gates; the reason and the refused gates go to the audit log with the actor. */
  force?: { reason: string };
  /** Measure and store the version's drift baseline in the target, before the flip. Default: none. */
  baseline?: BaselineRequest;
  /** Where the promotion's spans go (one per stage: check, gates, plan, copy, verify, baseline, flip). Default: off. */
  tracing?: Tracing;
}

/** Progress of a promotion, stage by stage. */
export type PromotionProgress =
  | { stage: 'check' | 'gates' | 'plan' | 'flip' }
  | { stage: 'baseline'; done: number; total: number }
  | ({ stage: 'copy' | 'verify' } & Omit<MaterialiseProgress, 'stage'>);

/** What a promotion did (the `--json` result of `ragship promote`). */
export interface PromotionResult extends AliasMove {
  action: 'promote';
  gates: GateResult[];
  /** Per segment: present in the target, or copied (from where, how many chunks). */
  segments: (SegmentPlan & Partial<MaterialiseReport['segments'][number]>)[];
  /** Chunks copied into the target store. */
  copied: number;
  /** The manifest digest the target's copy was verified against; null when nothing was checked. */
  verifiedDigest: string | null;
  /** The drift baseline stored for the version in the target; null when none was asked for. */
  baseline: BaselineSummary | null;
  /** Set when refused gates were overridden with `force`: the reason given. */
  forced: { reason: string; refused: GateResult[] } | null;
}

/**
 * Promotes one version to an environment: the version must be `ready`; its embedder must match
 * the environment's pin and what it serves now; the environment's gates must pass (else
 * {@link GateRefusedError}, kept in the audit log as a `refuse` entry unless it is a dry run);
 * segments the target store lacks are copied and verified against the manifest digest; then the
 * alias moves by compare-and-swap against the target read at the start, with the audit entry, so
 * a concurrent promotion makes this one fail with a conflict and change nothing. A dry run stops
 * before copying.
 */
export async function promoteVersion(options: PromoteOptions): Promise<PromotionResult> {
  const clock = new StageClock();
  const startedAt = Date.now();
  const record = (result?: PromotionResult, error?: unknown) => {
    clock.leave();
    recordRun(options.tracing ?? TRACING_OFF, {
      name: 'promote',
      scope: {
        kb: options.kb,
        indexVersion: formatVersion(options.version),
        environment: options.target.environment,
      },
      kind: SpanKind.CHAIN,
      startedAt,
      endedAt: Date.now(),
      attributes: result
        ? {
            'ragship.promotion.from': result.from ?? '',
            'ragship.promotion.changed': result.changed,
            'ragship.promotion.dry_run': result.dryRun,
            'ragship.promotion.copied': result.copied,
          }
        : {},
      stages: clock.timings(),
      stageAttributes: result
        ? {
            gates: { 'ragship.promotion.gates': JSON.stringify(result.gates) },
            ...(result.baseline
              ? {
                  baseline: {
                    'ragship.baseline.samples': result.baseline.samples,
                    'ragship.baseline.query_set': result.baseline.querySet ?? '',
                  },
                }
              : {}),
          }
        : {},
      error,
    });
  };
  try {
    const result = await promote({
      ...options,
      onProgress: (step) => {
        clock.enter(step.stage);
        options.onProgress?.(step);
      },
    });
    record(result);
    return result;
  } catch (error) {
    record(undefined, error);
    throw error;
  }
}

async function promote(options: PromoteOptions): Promise<PromotionResult> {
  const started = performance.now();
  const { registry, kb, version, target } = options;
  const name = formatIndexRef(kb, version);
  const progress = options.onProgress ?? (() => undefined);

  progress({ stage: 'check' });
  const candidate = await readyManifest(registry, kb, version);
  const current = await registry.getAlias(target.environment, kb);
  const served = current ? ((await registry.getVersion(kb, current.version))?.manifest ?? null) : null;
  const base = {
    kb,
    environment: target.environment,
    from: current ? formatVersion(current.version) : null,
    to: formatVersion(version),
    action: 'promote' as const,
    dryRun: Boolean(options.dryRun),
  };
  const finish = (result: Omit<PromotionResult, keyof typeof base | 'durationMs'>): PromotionResult => ({
    ...base,
    ...result,
    durationMs: Math.round(performance.now() - started),
  });
  if (current?.version === version) {
    return finish({
      changed: false,
      gates: [],
      segments: [],
      copied: 0,
      verifiedDigest: null,
      baseline: null,
      forced: null,
    });
  }
  const embedderChange = checkEmbedder(candidate, target, served, Boolean(options.allowEmbedderChange));

  progress({ stage: 'gates' });
  const gates = evaluateGates(target.gates, candidate, served);
  const refused = gates.filter((gate) => !gate.passed);
  if (refused.length > 0 && !options.force) {
    throw await refusal(
      options,
      current?.version ?? null,
      new GateRefusedError(`${name} → ${target.environment}`, gates),
    );
  }
  const forced = refused.length > 0 && options.force ? { reason: options.force.reason, refused } : null;

  progress({ stage: 'plan' });
  const plan = await planSegments(candidate, target.store);
  if (options.dryRun) {
    return finish({
      changed: true,
      gates,
      segments: plan,
      copied: 0,
      verifiedDigest: null,
      baseline: null,
      forced: null,
    });
  }

  const copy = await materialiseVersion({
    manifest: candidate,
    target: target.store,
    sources: options.sources,
    plan,
    verifyAll: Boolean(options.verifyAll),
    signal: options.signal,
    onProgress: (step) => progress(step),
  });
  const verified = copy.segments.some((segment) => segment.verified);

  // Before the flip, so the API finds the baseline when it starts serving the version.
  const baseline = options.baseline
    ? await recordBaseline({
        registry,
        manifest: candidate,
        version,
        environment: target.environment,
        store: target.store,
        request: options.baseline,
        signal: options.signal,
        onProgress: (done, total) => progress({ stage: 'baseline', done, total }),
      })
    : null;

  progress({ stage: 'flip' });
  options.signal?.throwIfAborted();
  await registry.moveAlias({
    environment: target.environment,
    kb,
    expected: current?.version ?? null,
    to: version,
    actor: options.actor,
    action: 'promote',
    details: {
      ...options.details,
      gates,
      store: target.store.location,
      copied: {
        segments: copy.segments.filter((segment) => segment.copied > 0).map((segment) => segment.name),
        chunks: copy.copied,
      },
      verifiedDigest: verified ? copy.digest : null,
      ...(baseline ? { baseline } : {}),
      ...(forced ? { forced } : {}),
      ...(embedderChange ? { embedderChange } : {}),
    },
  });
  return finish({
    changed: true,
    gates,
    segments: copy.segments,
    copied: copy.copied,
    verifiedDigest: verified ? copy.digest : null,
    baseline,
    forced,
  });
}

/**
 * Keeps a gate refusal in the audit log (not for a dry run, which changes nothing) and returns the
 * error to throw. When the entry cannot be written the refusal still stands: the error says so.
 */
async function refusal(options: PromoteOptions, served: number | null, error: GateRefusedError): Promise<Error> {
  if (options.dryRun) return error;
  try {
    await options.registry.recordRefusal({
      environment: options.target.environment,
      kb: options.kb,
      from: served,
      to: options.version,
      actor: options.actor,
      details: { ...options.details, gates: error.results },
    });
    return error;
  } catch (recordError) {
    return new GateRefusedError(error.target, error.results, recordError);
  }
}

/** The manifest of a version that exists and is `ready`; a clear error otherwise. */
export async function readyManifest(registry: Registry, kb: string, version: number): Promise<Manifest> {
  const name = formatIndexRef(kb, version);
  const record: VersionRecord | undefined = await registry.getVersion(kb, version);
  if (!record) {
    const known = (await registry.listVersions(kb)).map((item) => formatIndexRef(kb, item.version));
    const hint = known.length ? ` Known: ${known.join(', ')}.` : ` kb "${kb}" has no versions.`;
    throw new NotFoundError('version', name, `No version ${name}.${hint}`, known);
  }
  if (record.status !== 'ready' || !record.manifest) {
    throw new RagshipError(
      'VERSION_NOT_READY',
      `${name} is ${record.status}, not ready; only ready versions can be promoted.`,
    );
  }
  return record.manifest;
}

/**
 * Refuses a version whose embedder differs from the environment's pin or from what it serves:
 * queries are embedded with the served version's embedder, so its vectors must live in the same
 * space. Returns a description of an allowed change, for the audit log.
 */
function checkEmbedder(
  candidate: Manifest,
  target: PromotionTarget,
  served: Manifest | null,
  allowChange: boolean,
): string | null {
  const embedded = `${candidate.embedder.id}/${candidate.embedder.dimensions}`;
  const name = `${candidate.kb}@${candidate.version}`;
  if (target.embedder && target.embedder !== candidate.embedder.id) {
    throw new RagshipError(
      'EMBEDDER_MISMATCH',
      `${target.environment} only serves versions embedded with ${target.embedder} (environments.${target.environment}.embedder); ${name} was embedded with ${embedded}.`,
    );
  }
  if (!served) return null;
  const serving = `${served.embedder.id}/${served.embedder.dimensions}`;
  if (serving === embedded) return null;
  if (allowChange) return `${serving} → ${embedded}`;
  throw new RagshipError(
    'EMBEDDER_MISMATCH',
    `${target.environment} serves ${served.kb}@${served.version} embedded with ${serving}; ${name} was embedded with ${embedded}. Re-ingest with ${served.embedder.id}, or pass --allow-embedder-change to switch embedders on purpose.`,
  );
}
