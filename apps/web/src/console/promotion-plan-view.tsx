import type { PromotionResponse } from '@ragship/server';
import { countOf } from '../format/format-number.ts';
import { GateTable } from './gate-table.tsx';

type PlannedSegment = PromotionResponse['result']['segments'][number];

/** A dry run's outcome: the move, each gate with its margin, and the segments to copy. */
export function PromotionPlanView({ plan }: { plan: PromotionResponse['result'] }) {
  const toCopy = plan.segments.filter((segment) => segment.action === 'copy');
  const chunksToCopy = toCopy.reduce((sum, segment) => sum + segment.chunks, 0);
  return (
    <section className="plan" aria-label="Plan">
      <h3>
        Plan: {plan.kb}@{plan.environment} {plan.from ?? '(nothing served)'} → {plan.to}
      </h3>
      {!plan.changed && (
        <p className="notice">
          {plan.environment} already serves {plan.kb}@{plan.to}: nothing to do.
        </p>
      )}
      <GateTable gates={plan.gates} caption="Gates" />
      <SegmentTable segments={plan.segments} />
      <p className="plan-total">
        {chunksToCopy === 0
          ? `The ${plan.environment} store holds every segment already: nothing to copy.`
          : `${countOf(chunksToCopy, 'chunk')} to copy (${toCopy.length} of ${countOf(plan.segments.length, 'segment')}).`}
      </p>
    </section>
  );
}

function SegmentTable({ segments }: { segments: readonly PlannedSegment[] }) {
  return (
    <table className="data-table">
      <caption>Segments</caption>
      <thead>
        <tr>
          <th scope="col">Segment</th>
          <th scope="col">Chunks</th>
          <th scope="col">In target</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {segments.map((segment) => (
          <tr key={segment.name}>
            <th scope="row">
              <code>{segment.name}</code>
            </th>
            <td>{segment.chunks.toLocaleString()}</td>
            <td>{segment.inTarget.toLocaleString()}</td>
            <td>{segment.action === 'copy' ? 'copy' : 'present'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
