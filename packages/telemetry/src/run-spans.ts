import { SemanticConventions } from '@arizeai/phoenix-otel';
import { context, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { describeError, withScope, type SpanKind, type TraceScope } from './spans.js';
import type { Tracing } from './tracing.js';

/** How long one stage of a run was busy, and from when to when. */
export interface StageTiming {
  stage: string;
  /** Epoch milliseconds of the stage's first and last activity. */
  startedAt: number;
  endedAt: number;
  /** Milliseconds spent inside the stage; less than `endedAt - startedAt` when stages interleave. */
  busyMs: number;
  /** Times the stage ran. */
  calls: number;
}

/**
 * Times the stages of a pipeline whose stages interleave (ingestion loads, validates, chunks and
 * embeds document by document): each stage's busy time and the window it was active in, to be
 * exported as one span per stage.
 */
export class StageClock {
  private readonly stages = new Map<string, StageTiming>();
  private current: { stage: string; startedAt: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `fn` as part of `stage`. */
  async time<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const started = this.now();
    try {
      return await fn();
    } finally {
      this.add(stage, started, this.now());
    }
  }

  /** The same for synchronous work. */
  timeSync<T>(stage: string, fn: () => T): T {
    const started = this.now();
    try {
      return fn();
    } finally {
      this.add(stage, started, this.now());
    }
  }

  /** The iterable, its waits for the next item counted as `stage`. */
  async *timeIterable<T>(stage: string, iterable: AsyncIterable<T>): AsyncIterable<T> {
    const iterator = iterable[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.time(stage, () => iterator.next());
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }

  /**
   * For sequential stages: ends the stage in progress, if it is another, and starts `stage`.
   * Entering the stage in progress again continues it.
   */
  enter(stage: string): void {
    if (this.current?.stage === stage) return;
    this.leave();
    this.current = { stage, startedAt: this.now() };
  }

  /** Ends the stage in progress, if any. */
  leave(): void {
    if (!this.current) return;
    this.add(this.current.stage, this.current.startedAt, this.now());
    this.current = undefined;
  }

  /** Every stage that ran, in the order each first ran. */
  timings(): StageTiming[] {
    return [...this.stages.values()];
  }

  private add(stage: string, startedAt: number, endedAt: number): void {
    const timing = this.stages.get(stage);
    if (!timing) {
      this.stages.set(stage, { stage, startedAt, endedAt, busyMs: endedAt - startedAt, calls: 1 });
      return;
    }
    timing.endedAt = Math.max(timing.endedAt, endedAt);
    timing.busyMs += endedAt - startedAt;
    timing.calls++;
  }
}

/** One finished pipeline run (an ingestion, a promotion) as its trace records it. */
export interface RunRecord {
  name: string;
  /** The kb, version and environment the run is about, on every span. */
  scope: TraceScope;
  kind: SpanKind;
  startedAt: number;
  endedAt: number;
  attributes: Attributes;
  stages: readonly StageTiming[];
  /** Attributes per stage, e.g. documents loaded or chunks embedded. */
  stageAttributes?: Record<string, Attributes>;
  /** The run's failure, if it failed. */
  error?: unknown;
}

/**
 * Exports a finished run as a root span with one child span per stage, each over the window its
 * stage was active, with `ragship.stage.busy_ms` and `ragship.stage.calls`. A no-op when tracing
 * is off. The run's scope is added to every span.
 */
export function recordRun(tracing: Tracing, run: RunRecord): void {
  if (!tracing.enabled) return;
  withScope(run.scope, () => exportRun(tracing, run));
}

function exportRun(tracing: Tracing, run: RunRecord): void {
  const root = tracing.tracer.startSpan(run.name, {
    startTime: run.startedAt,
    attributes: { [SemanticConventions.OPENINFERENCE_SPAN_KIND]: run.kind, ...run.attributes },
  });
  const parent = trace.setSpan(context.active(), root);
  for (const timing of run.stages) {
    const span = tracing.tracer.startSpan(
      timing.stage,
      {
        startTime: timing.startedAt,
        attributes: {
          [SemanticConventions.OPENINFERENCE_SPAN_KIND]: 'CHAIN',
          'ragship.stage.busy_ms': Math.round(timing.busyMs),
          'ragship.stage.calls': timing.calls,
          ...run.stageAttributes?.[timing.stage],
        },
      },
      parent,
    );
    span.setStatus({ code: SpanStatusCode.OK });
    span.end(timing.endedAt);
  }
  if (run.error === undefined) root.setStatus({ code: SpanStatusCode.OK });
  else {
    root.setStatus({ code: SpanStatusCode.ERROR, message: describeError(run.error) });
  }
  root.end(run.endedAt);
}
