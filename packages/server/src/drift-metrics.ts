import { DRIFT_SIGNALS, type DriftMonitor, type DriftReport, type DriftStatus } from '@ragship/monitoring';
import { Gauge, type Registry } from 'prom-client';

const STATUSES: readonly DriftStatus[] = ['ok', 'drift', 'collecting', 'baselining', 'no_baseline'];
/** How long one scrape's reports are reused by the gauges read after the first. */
const SNAPSHOT_MS = 1000;

/**
 * The drift monitor's reports as gauges, read at every scrape: `ragship_drift_score` (the largest
 * PSI, the number alerts watch), PSI and KS per signal, and `ragship_drift_status` (1 for the
 * version's current status, 0 for the others, so `ragship_drift_status{status="drift"} == 1` alerts).
 * Versions no longer served drop out.
 */
export function registerDriftMetrics(registry: Registry, monitor: DriftMonitor, threshold: number): void {
  const registers = [registry];
  // One scrape reads every gauge: they share one set of reports rather than computing four.
  let snapshot: { at: number; reports: Promise<DriftReport[]> } | undefined;
  const reports = () => {
    if (!snapshot || performance.now() - snapshot.at > SNAPSHOT_MS) {
      snapshot = { at: performance.now(), reports: monitor.reports() };
    }
    return snapshot.reports;
  };
  /** A gauge set afresh from the reports at each scrape. */
  const gauge = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (set: (labels: Record<string, string>, value: number) => void, report: DriftReport) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        const current = await reports();
        this.reset();
        for (const report of current) fill((labels, value) => this.set(labels, value), report);
      },
    });
  const versionOf = (report: DriftReport) => ({ kb: report.kb, index_version: report.indexVersion });
  const perSignal =
    (statistic: 'psi' | 'ks') =>
    (set: (labels: Record<string, string>, value: number) => void, report: DriftReport) => {
      for (const signal of DRIFT_SIGNALS) {
        const value = report.signals[signal][statistic];
        if (value !== null) set({ ...versionOf(report), signal }, value);
      }
    };

  gauge(
    'ragship_drift_score',
    'Largest PSI over the drift signals of the served version; past ragship_drift_threshold it is drifting.',
    ['kb', 'index_version'],
    (set, report) => {
      if (report.score !== null) set(versionOf(report), report.score);
    },
  );
  gauge(
    'ragship_drift_psi',
    'PSI of the latest retrievals against the served version baseline, per signal.',
    ['kb', 'index_version', 'signal'],
    perSignal('psi'),
  );
  gauge(
    'ragship_drift_ks',
    'Kolmogorov-Smirnov statistic of the latest retrievals against the baseline, per signal.',
    ['kb', 'index_version', 'signal'],
    perSignal('ks'),
  );
  gauge(
    'ragship_drift_status',
    'Drift status of the served version: 1 for its current status, 0 for the others.',
    ['kb', 'index_version', 'status'],
    (set, report) => {
      for (const status of STATUSES) set({ ...versionOf(report), status }, status === report.status ? 1 : 0);
    },
  );
  new Gauge({
    name: 'ragship_drift_threshold',
    help: 'The PSI at which a served version counts as drifting (monitoring.drift.threshold).',
    registers,
    collect() {
      this.set(threshold);
    },
  });
}
