import type { GateVerdict } from '@ragship/server';
import { formatMargin, formatNumber } from '../format/format-number.ts';

/** How each gate rule compares, in words. */
const RULES: Record<GateVerdict['rule'], string> = {
  min: 'at least',
  max: 'at most',
  maxDrop: 'drops at most',
  maxRise: 'rises at most',
};

/** The gates judged for a promotion: metric, rule, threshold, value, margin (signed) and the verdict. */
export function GateTable({ gates, caption }: { gates: readonly GateVerdict[]; caption: string }) {
  if (gates.length === 0) return <p className="muted">No gates apply to this environment.</p>;
  return (
    <table className="data-table gate-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">Rule</th>
          <th scope="col">Threshold</th>
          <th scope="col">Value</th>
          <th scope="col">Baseline</th>
          <th scope="col">Margin</th>
          <th scope="col">Verdict</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((gate, index) => (
          <tr key={`${gate.metric}-${gate.rule}-${index}`} className={gate.passed ? '' : 'row-refused'}>
            <th scope="row">{gate.metric}</th>
            <td>{RULES[gate.rule]}</td>
            <td>{formatNumber(gate.threshold)}</td>
            <td>{gate.value === null ? 'not measured' : formatNumber(gate.value)}</td>
            <td>{gate.baseline === null ? '—' : formatNumber(gate.baseline)}</td>
            <td className={gate.margin !== null && gate.margin < 0 ? 'text-refused' : ''}>
              {gate.margin === null ? '—' : formatMargin(gate.margin)}
            </td>
            <td title={gate.message}>
              <GateVerdictLabel passed={gate.passed} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** ✓ passed / ✗ refused, in words as well as signs. */
export function GateVerdictLabel({ passed }: { passed: boolean }) {
  return passed ? (
    <span className="verdict verdict-passed">
      <span aria-hidden="true">✓ </span>passed
    </span>
  ) : (
    <span className="verdict verdict-refused">
      <span aria-hidden="true">✗ </span>refused
    </span>
  );
}
