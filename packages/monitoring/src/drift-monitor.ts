import { formatIndexRef, formatVersion } from '@ragship/core';
import type { MonitoringRecords } from '@ragship/registry';
import { baselineOf, parseBaseline, type DriftBaseline } from './drift-baseline.js';
import {
  DRIFT_SIGNALS,
  driftSignals,
  type DriftSignal,
  type ScoredRetrieval,
  type SignalValues,
} from './drift-signals.js';
import {
  ascending,
  kolmogorovSmirnov,
  median,
  psiAgainst,
  psiReference,
  type PsiReference,
} from './drift-statistics.js';

/** How live traffic is compared with the baseline (the `monitoring.drift` config). */
export interface DriftSettings {
  /** PSI at or above which a signal, and so its version, is drifting; it recovers below {@link RECOVERY} × this. */
  threshold: number;
  /** The latest retrievals compared with the baseline. */
  window: number;
  /** Fewer retrievals in the window than this: no verdict yet (`collecting`). Default: a full window. */
  minSamples?: number | undefined;
  /** Without a baseline from promotion, the first this many retrievals become it; 0: never. */
  trafficBaseline: number;
}

/**
 * The defaults: PSI 0.25 over the latest 200 retrievals, a verdict once the window is full, a
 * traffic baseline of 500.
 */
export const DEFAULT_DRIFT: DriftSettings = { threshold: 0.25, window: 200, trafficBaseline: 500 };

/**
 * A drifting version recovers only when its score falls below this share of the threshold, so a
 * score hovering at the threshold does not flap between drift and ok (and fill the log).
 */
export const RECOVERY = 0.8;

/**
 * Where a served version stands: `ok` or `drift` once the window holds `minSamples` retrievals;
 * `collecting` before; `baselining` while the first traffic is becoming the baseline;
 * `no_baseline` when there is none and traffic baselines are off.
 */
export type DriftStatus = 'ok' | 'drift' | 'collecting' | 'baselining' | 'no_baseline';

/** One signal's comparison; null statistics until there is something to compare. */
export interface SignalReport {
  psi: number | null;
  ks: number | null;
  baselineMedian: number | null;
  liveMedian: number | null;
}

/** The drift of one served version (`GET /v1/monitoring`). */
export interface DriftReport {
  kb: string;
  indexVersion: string;
  environment: string;
  status: DriftStatus;
  /** The largest PSI over the signals; null without a verdict. */
  score: number | null;
  threshold: number;
  /** The signal with the largest PSI. */
  worstSignal: DriftSignal | null;
  baseline: (Pick<DriftBaseline, 'source' | 'description' | 'samples' | 'querySet'> & { createdAt: string }) | null;
  window: { size: number; observations: number };
  /** Retrievals seen since this process began serving the version. */
  observed: number;
  signals: Record<DriftSignal, SignalReport>;
}

/** What {@link createDriftMonitor} needs. */
export interface DriftMonitorOptions {
  records: MonitoringRecords;
  environment: string;
  settings: DriftSettings;
  /** A version's score crossed the threshold (called once per crossing). */
  onDrift?: (report: DriftReport) => void;
  /** A drifting version's score fell back under the threshold. */
  onRecover?: (report: DriftReport) => void;
  /** Reading or storing a baseline failed; monitoring carries on without it. */
  onError?: (error: unknown, where: string) => void;
}

/** Compares each served version's live retrievals with its baseline. */
export interface DriftMonitor {
  /** Records one retrieval of `kb@version`; never throws, never waits. */
  observe(kb: string, version: number, chunks: readonly ScoredRetrieval[]): void;
  /** Every version observed, the latest per kb, after pending baseline reads settle. */
  reports(): Promise<DriftReport[]>;
}

/** A baseline with what PSI needs of it computed once. */
interface PreparedBaseline {
  data: DriftBaseline;
  createdAt: string;
  references: Record<DriftSignal, PsiReference>;
}

function prepare(data: DriftBaseline, createdAt: string): PreparedBaseline {
  const references = Object.fromEntries(
    DRIFT_SIGNALS.map((signal) => [signal, psiReference(data.signals[signal])]),
  ) as Record<DriftSignal, PsiReference>;
  return { data, createdAt, references };
}

interface VersionState {
  kb: string;
  version: number;
  baseline: PreparedBaseline | null;
  /** Settles once the stored baseline is read (or found missing). */
  loaded: Promise<void>;
  /** Retrievals seen before that: replayed once it settles. */
  pending: SignalValues[] | null;
  /** The first traffic, while it is becoming the baseline. */
  collecting: SignalValues[];
  window: SignalValues[];
  next: number;
  observed: number;
  drifting: boolean;
}

/**
 * Windowed drift detection for the versions one process serves. Each version's baseline is read
 * from the registry on its first retrieval (recorded at promotion); without one, the first
 * `trafficBaseline` retrievals are stored as it (first writer wins across replicas). After that
 * every retrieval updates a ring of the latest `window` and, once `minSamples` are in, the PSI of
 * each signal against the baseline; `onDrift` fires when the largest reaches `threshold`.
 */
export function createDriftMonitor(options: DriftMonitorOptions): DriftMonitor {
  const { records, environment, settings } = options;
  const states = new Map<string, VersionState>();

  function stateOf(kb: string, version: number): VersionState {
    const known = states.get(kb);
    if (known?.version === version) return known;
    const state: VersionState = {
      kb,
      version,
      baseline: null,
      loaded: Promise.resolve(),
      pending: [],
      collecting: [],
      window: [],
      next: 0,
      observed: 0,
      drifting: false,
    };
    state.loaded = records
      .getBaseline(kb, version, environment)
      .then((stored) => {
        if (stored && !state.baseline) {
          state.baseline = prepare(parseBaseline(stored.data, formatIndexRef(kb, version)), stored.createdAt);
        }
      })
      .catch((error: unknown) => options.onError?.(error, `reading the baseline of ${formatIndexRef(kb, version)}`))
      .finally(() => {
        const pending = state.pending ?? [];
        state.pending = null;
        for (const values of pending) route(state, values);
      });
    // Serving moved on (promotion, rollback): only the version served now is monitored.
    states.set(kb, state);
    return state;
  }

  /** Makes the first traffic the baseline: used at once, stored unless a replica stored one first (then that one). */
  function adoptTrafficBaseline(state: VersionState): void {
    const ref = formatIndexRef(state.kb, state.version);
    const baseline = baselineOf(
      { source: 'traffic', description: `first ${state.collecting.length} retrievals`, querySet: null },
      state.collecting,
    );
    state.collecting = [];
    state.baseline = prepare(baseline, new Date().toISOString());
    records
      .putBaseline({ kb: state.kb, version: state.version, environment, data: baseline }, { ifAbsent: true })
      .then((stored) => (state.baseline = prepare(parseBaseline(stored.data, ref), stored.createdAt)))
      .catch((error: unknown) => options.onError?.(error, `storing the traffic baseline of ${ref}`));
  }

  /** One retrieval, once the stored baseline is known: into the first-traffic baseline, or the window. */
  function route(state: VersionState, values: SignalValues): void {
    if (!state.baseline) {
      if (settings.trafficBaseline === 0) return;
      state.collecting.push(values);
      if (state.collecting.length >= settings.trafficBaseline) adoptTrafficBaseline(state);
      return;
    }
    if (state.window.length < settings.window) state.window.push(values);
    else state.window[state.next] = values;
    state.next = (state.next + 1) % settings.window;
    evaluate(state);
  }

  /** The verdict after each retrieval: PSI alone (no sorting, no KS); the full report only on a change. */
  function evaluate(state: VersionState): void {
    const score = scoreOf(state);
    if (score === null) return;
    const drifting = score >= settings.threshold * (state.drifting ? RECOVERY : 1);
    if (drifting === state.drifting) return;
    state.drifting = drifting;
    (drifting ? options.onDrift : options.onRecover)?.(reportOf(state));
  }

  /** PSI of each signal of the window against the baseline; empty until there is both. */
  function psiOf(state: VersionState): Partial<Record<DriftSignal, number>> {
    const baseline = state.baseline;
    if (!baseline || state.window.length === 0) return {};
    return Object.fromEntries(
      DRIFT_SIGNALS.map((signal) => [
        signal,
        psiAgainst(
          baseline.references[signal],
          state.window.map((values) => values[signal]),
        ),
      ]),
    );
  }

  /** The largest PSI once the window has enough retrievals; null before. */
  function scoreOf(state: VersionState): number | null {
    if (!state.baseline || state.window.length < (settings.minSamples ?? settings.window)) return null;
    return Math.max(...Object.values(psiOf(state)));
  }

  function reportOf(state: VersionState): DriftReport {
    const live = state.window;
    const prepared = state.baseline;
    const psi = psiOf(state);
    const signals = Object.fromEntries(
      DRIFT_SIGNALS.map((signal) => {
        const now = ascending(live.map((values) => values[signal]));
        const base = prepared?.data.signals[signal] ?? [];
        return [
          signal,
          {
            psi: psi[signal] ?? null,
            ks: prepared && now.length > 0 ? kolmogorovSmirnov(base, now) : null,
            baselineMedian: median(base),
            liveMedian: median(now),
          },
        ];
      }),
    ) as Record<DriftSignal, SignalReport>;
    const score = scoreOf(state);
    const worst = score === null ? null : (DRIFT_SIGNALS.find((signal) => psi[signal] === score) ?? null);
    const status: DriftStatus = !prepared
      ? settings.trafficBaseline > 0
        ? 'baselining'
        : 'no_baseline'
      : score === null
        ? 'collecting'
        : state.drifting
          ? 'drift'
          : 'ok';
    const { data } = prepared ?? {};
    return {
      kb: state.kb,
      indexVersion: formatVersion(state.version),
      environment,
      status,
      score,
      threshold: settings.threshold,
      worstSignal: worst,
      baseline:
        prepared && data
          ? {
              source: data.source,
              description: data.description,
              samples: data.samples,
              querySet: data.querySet,
              createdAt: prepared.createdAt,
            }
          : null,
      window: { size: settings.window, observations: live.length },
      observed: state.observed,
      signals,
    };
  }

  return {
    observe(kb, version, chunks) {
      const state = stateOf(kb, version);
      const values = driftSignals(chunks);
      state.observed++;
      if (state.pending) state.pending.push(values);
      else route(state, values);
    },

    async reports() {
      await Promise.all([...states.values()].map((state) => state.loaded));
      return [...states.values()].map(reportOf).sort((a, b) => (a.kb < b.kb ? -1 : a.kb > b.kb ? 1 : 0));
    },
  };
}
