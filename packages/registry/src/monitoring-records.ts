import { NotFoundError, formatIndexRef, type EvalRecord, type Manifest } from '@ragship/core';
import type { AnswerRecord, BaselineRecord, FeedbackRecord } from './registry.js';
import {
  parseJson,
  toIso,
  type IntegerColumn,
  type JsonColumn,
  type TimeColumn,
  type VersionRow,
} from './registry-records.js';

/** Baseline and feedback rows as both backends store them, and their mapping to records. */

export interface BaselineRow {
  kb: string;
  version: number;
  environment: string;
  created_at: TimeColumn;
  data: JsonColumn;
}

export interface FeedbackRow {
  id: IntegerColumn;
  at: TimeColumn;
  trace_id: string;
  rating: number;
  comment: string | null;
  kb: string | null;
  version: number | null;
  environment: string;
}

export interface AnswerRow {
  trace_id: string;
  environment: string;
  kb: string;
  version: IntegerColumn;
  caller: string;
  span_id: string | null;
  at: TimeColumn;
}

export function toAnswer(row: AnswerRow): AnswerRecord {
  return {
    traceId: row.trace_id,
    environment: row.environment,
    kb: row.kb,
    version: Number(row.version),
    caller: row.caller,
    spanId: row.span_id,
    at: toIso(row.at),
  };
}

export function toBaseline(row: BaselineRow): BaselineRecord {
  return {
    kb: row.kb,
    version: row.version,
    environment: row.environment,
    createdAt: toIso(row.created_at),
    data: parseJson(row.data),
  };
}

export function toFeedback(row: FeedbackRow): FeedbackRecord {
  return {
    id: Number(row.id),
    at: toIso(row.at),
    traceId: row.trace_id,
    rating: row.rating === 1 ? 1 : -1,
    comment: row.comment,
    kb: row.kb,
    version: row.version,
    environment: row.environment,
  };
}

/** Why a version takes no baseline or eval result, if it does not: only ready versions do. */
export function readyVersionRefusal(kb: string, version: number, target: VersionRow | undefined): Error | undefined {
  const ref = formatIndexRef(kb, version);
  if (!target) return new NotFoundError('version', ref, `${ref} does not exist.`);
  if (target.status !== 'ready') return new NotFoundError('version', ref, `${ref} is ${target.status}, not ready.`);
  return undefined;
}

/** The manifest with `record` stored under `evalSet`. */
export function withEval(manifest: Manifest, evalSet: string, record: EvalRecord): Manifest {
  return { ...manifest, eval: { ...(manifest.eval ?? {}), [evalSet]: record } };
}
