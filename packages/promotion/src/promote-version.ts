import { formatIndexRef, formatVersion, type GateConfig, type Manifest } from '@ragship/core';
import type { AliasRecord, Registry } from '@ragship/registry';
import { recordRun, SpanKind, StageClock, TRACING_OFF, type Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import type { AliasMove } from './alias-move.js';
import { evaluateGates, type GateResult } from './evaluate-gates.js';
import { GateRefusedError } from './gate-refused-error.js';
import type { BaselineStep, BaselineSummary } from './baseline-step.js';
import { checkEmbedder } from './check-embedder.js';
import { readyManifest } from './ready-manifest.js';
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
  /** Measures and stores the version's drift baseline in the target, before the flip. Default: none. */
  baseline?: BaselineStep;
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
  try {
    const result = await promote({
      ...options,
      onProgress: (step) => {
        clock.enter(step.stage);
        options.onProgress?.(step);
      },
    });
    recordPromotion(options, clock, startedAt, result);
    return result;
  } catch (error) {
    recordPromotion(options, clock, startedAt, undefined, error);
    throw error;
  }
}

/** The promotion as a CHAIN span `promote` with a span per stage that ran. */
function recordPromotion(
  options: PromoteOptions,
  clock: StageClock,
  startedAt: number,
  result?: PromotionResult,
  error?: unknown,
): void {
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
}

/** What a promotion found and did, besides which alias it moved. */
type PromotionOutcome = Omit<
  PromotionResult,
  'kb' | 'environment' | 'from' | 'to' | 'action' | 'dryRun' | 'durationMs'
>;

/** The outcome of a promotion that copies, records and flips nothing: the version is served already, or a dry run. */
function nothingDone(): PromotionOutcome {
  return { changed: false, gates: [], segments: [], copied: 0, verifiedDigest: null, baseline: null, forced: null };
}

/**
 * The promotion's steps in order: check the version and what the target serves → gates → plan
 * the segments the target lacks → copy and verify them → record the drift baseline → flip the
 * alias. A dry run stops after the plan.
 */
async function promote(options: PromoteOptions): Promise<PromotionResult> {
  const started = performance.now();
  const { target } = options;
  const progress = options.onProgress ?? (() => undefined);

  progress({ stage: 'check' });
  const { candidate, current, served } = await readCandidate(options);
  const finish = (outcome: PromotionOutcome): PromotionResult => ({
    kb: options.kb,
    environment: target.environment,
    from: current ? formatVersion(current.version) : null,
    to: formatVersion(options.version),
    action: 'promote',
    dryRun: Boolean(options.dryRun),
    ...outcome,
    durationMs: Math.round(performance.now() - started),
  });
  if (current?.version === options.version) return finish(nothingDone());
  const embedderChange = checkEmbedder(candidate, target, served, Boolean(options.allowEmbedderChange));

  progress({ stage: 'gates' });
  const { gates, forced } = await passGates(options, candidate, served, current?.version ?? null);

  progress({ stage: 'plan' });
  const plan = await planSegments(candidate, target.store);
  if (options.dryRun) return finish({ ...nothingDone(), changed: true, gates, segments: plan });

  const copy = await materialiseVersion({
    manifest: candidate,
    target: target.store,
    sources: options.sources,
    plan,
    verifyAll: Boolean(options.verifyAll),
    signal: options.signal,
    onProgress: (step) => progress(step),
  });
  const verifiedDigest = copy.segments.some((segment) => segment.verified) ? copy.digest : null;
  // Before the flip, so the API finds the baseline when it starts serving the version.
  const baseline = await storeBaseline(options, candidate, progress);

  progress({ stage: 'flip' });
  await flipAlias(options, current?.version ?? null, { gates, copy, verifiedDigest, baseline, forced, embedderChange });
  const { segments, copied } = copy;
  return finish({ changed: true, gates, segments, copied, verifiedDigest, baseline, forced });
}

/** The check step: the version's manifest (it must be ready), the target's alias, and the manifest it serves. */
async function readCandidate(
  options: PromoteOptions,
): Promise<{ candidate: Manifest; current: AliasRecord | undefined; served: Manifest | null }> {
  const { registry, kb, version, target } = options;
  const candidate = await readyManifest(registry, kb, version);
  const current = await registry.getAlias(target.environment, kb);
  const served = current ? ((await registry.getVersion(kb, current.version))?.manifest ?? null) : null;
  return { candidate, current, served };
}

/**
 * The gates step: evaluates the target's gates against the version (and what the target serves);
 * refuses unless they pass or the promotion is forced, then with the refused gates and the reason.
 */
async function passGates(
  options: PromoteOptions,
  candidate: Manifest,
  served: Manifest | null,
  current: number | null,
): Promise<{ gates: GateResult[]; forced: PromotionResult['forced'] }> {
  const { target } = options;
  const gates = evaluateGates(target.gates, candidate, served);
  const refused = gates.filter((gate) => !gate.passed);
  if (refused.length > 0 && !options.force) {
    const name = formatIndexRef(options.kb, options.version);
    throw await refusal(options, current, new GateRefusedError(`${name} → ${target.environment}`, gates));
  }
  const forced = refused.length > 0 && options.force ? { reason: options.force.reason, refused } : null;
  return { gates, forced };
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

/** The baseline step, when the promotion has one: run against the target's store, as the `baseline` stage. */
async function storeBaseline(
  options: PromoteOptions,
  candidate: Manifest,
  progress: (progress: PromotionProgress) => void,
): Promise<BaselineSummary | null> {
  if (!options.baseline) return null;
  return options.baseline({
    registry: options.registry,
    manifest: candidate,
    version: options.version,
    environment: options.target.environment,
    store: options.target.store,
    signal: options.signal,
    onProgress: (done, total) => progress({ stage: 'baseline', done, total }),
  });
}

/**
 * The flip step: moves the alias from `expected` to the version by compare-and-swap, in one
 * transaction with the audit entry of what the promotion checked, copied and recorded.
 */
async function flipAlias(
  options: PromoteOptions,
  expected: number | null,
  audit: Pick<PromotionOutcome, 'gates' | 'verifiedDigest' | 'baseline' | 'forced'> & {
    copy: MaterialiseReport;
    embedderChange: string | null;
  },
): Promise<void> {
  const { copy, baseline, forced, embedderChange } = audit;
  options.signal?.throwIfAborted();
  await options.registry.moveAlias({
    environment: options.target.environment,
    kb: options.kb,
    expected,
    to: options.version,
    actor: options.actor,
    action: 'promote',
    details: {
      ...options.details,
      gates: audit.gates,
      store: options.target.store.location,
      copied: {
        segments: copy.segments.filter((segment) => segment.copied > 0).map((segment) => segment.name),
        chunks: copy.copied,
      },
      verifiedDigest: audit.verifiedDigest,
      ...(baseline ? { baseline } : {}),
      ...(forced ? { forced } : {}),
      ...(embedderChange ? { embedderChange } : {}),
    },
  });
}
