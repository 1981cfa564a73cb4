import { z } from 'zod';
import { RagshipError } from '@ragship/core';
import { ascending } from './drift-statistics.js';
import { DRIFT_SIGNALS, type DriftSignal, type SignalValues } from './drift-signals.js';

/** Where a baseline's retrievals came from: a query set run at promotion, or the first traffic served. */
export type BaselineSource = 'queries' | 'traffic';

/**
 * The reference distribution live traffic is compared with: every signal's values over the
 * baseline's retrievals, ascending (rounded to 4 decimals; a few thousand numbers at most).
 */
export interface DriftBaseline {
  source: BaselineSource;
  /** What was run: the query file and its fingerprint, or "first 500 retrievals". */
  description: string;
  /** sha256 of the query set (one query per line, in order); null for traffic. */
  querySet: string | null;
  samples: number;
  signals: Record<DriftSignal, number[]>;
}

/** The most values a baseline keeps per signal; a bigger sample is thinned evenly. */
export const MAX_BASELINE_SAMPLES = 5000;

/** A baseline from the signals of its retrievals. */
export function baselineOf(
  meta: Pick<DriftBaseline, 'source' | 'description' | 'querySet'>,
  observations: readonly SignalValues[],
): DriftBaseline {
  const step = Math.max(1, observations.length / MAX_BASELINE_SAMPLES);
  const kept: SignalValues[] = [];
  for (let at = 0; at < observations.length; at += step) kept.push(observations[Math.floor(at)] as SignalValues);
  const signals = Object.fromEntries(
    DRIFT_SIGNALS.map((signal) => [signal, ascending(kept.map((values) => Math.round(values[signal] * 1e4) / 1e4))]),
  ) as Record<DriftSignal, number[]>;
  return { ...meta, samples: kept.length, signals };
}

const sampleSchema = z.array(z.number().finite());
const baselineSchema = z.object({
  source: z.enum(['queries', 'traffic']),
  description: z.string(),
  querySet: z.string().nullable(),
  samples: z.int().min(1),
  signals: z.object(
    Object.fromEntries(DRIFT_SIGNALS.map((signal) => [signal, sampleSchema])) as Record<
      DriftSignal,
      typeof sampleSchema
    >,
  ),
});

/** A stored baseline, checked; throws `RagshipError` `BASELINE_INVALID` for data this version cannot read. */
export function parseBaseline(data: unknown, where: string): DriftBaseline {
  const parsed = baselineSchema.safeParse(data);
  if (!parsed.success) {
    throw new RagshipError(
      'BASELINE_INVALID',
      `The drift baseline of ${where} is not readable: ${parsed.error.message}`,
    );
  }
  const baseline = parsed.data;
  return {
    ...baseline,
    signals: Object.fromEntries(DRIFT_SIGNALS.map((s) => [s, ascending(baseline.signals[s])])) as Record<
      DriftSignal,
      number[]
    >,
  };
}
