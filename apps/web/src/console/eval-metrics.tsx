import type { VersionEval } from '@ragship/server';
import { formatNumber } from '../format/format-number.ts';

/** A version's eval results, one line per metric: `ndcg@10 0.71 (scifact)`. */
export function EvalMetrics({ evals }: { evals: readonly VersionEval[] }) {
  if (evals.length === 0) return <span className="muted">not measured</span>;
  return (
    <ul className="plain-list">
      {evals.flatMap((result) =>
        Object.entries(result.metrics).map(([metric, value]) => (
          <li key={`${result.evalSet}-${metric}`} title={`eval set ${result.evalSet}, measured ${result.measuredAt}`}>
            {metric} {formatNumber(value)} <span className="muted">({datasetName(result.dataset)})</span>
          </li>
        )),
      )}
    </ul>
  );
}

/** `eval/datasets/scifact/` → `scifact`. */
function datasetName(dataset: string): string {
  return (
    dataset
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .at(-1) || dataset
  );
}
