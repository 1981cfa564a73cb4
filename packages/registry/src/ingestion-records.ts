import { ConflictError, InvalidInputError, RagshipError } from '@ragship/core';
import type { IngestionOutcome, IngestionRecord, KbLease } from './ingestion-coordination.js';
import { toIso, type IntegerColumn, type TimeColumn } from './registry-records.js';

/**
 * Lease and ingestion rows as both backends store them, their mapping to records, and what both
 * refuse: one place, so SQLite and PostgreSQL cannot drift apart.
 */

export interface LeaseRow {
  kb: string;
  owner: string;
  description: string;
  acquired_at: TimeColumn;
  expires_at: TimeColumn;
}

export interface IngestionRow {
  id: string;
  kb: string;
  source: string;
  status: IngestionRecord['status'];
  requested_by: string;
  requested_at: TimeColumn;
  started_at: TimeColumn | null;
  finished_at: TimeColumn | null;
  runner: string | null;
  version: IntegerColumn | null;
  message: string | null;
}

export function toLease(row: LeaseRow): KbLease {
  return {
    kb: row.kb,
    owner: row.owner,
    description: row.description,
    acquiredAt: toIso(row.acquired_at),
    expiresAt: toIso(row.expires_at),
  };
}

export function toIngestion(row: IngestionRow): IngestionRecord {
  return {
    id: row.id,
    kb: row.kb,
    source: row.source,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: toIso(row.requested_at),
    startedAt: row.started_at === null ? null : toIso(row.started_at),
    finishedAt: row.finished_at === null ? null : toIso(row.finished_at),
    runner: row.runner,
    version: row.version === null ? null : Number(row.version),
    message: row.message,
  };
}

/** The ISO 8601 time `ttlMs` after `at`; throws `InvalidInputError` unless `ttlMs` is a positive whole number. */
export function leaseExpiry(at: string, ttlMs: number): string {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new InvalidInputError(
      `A kb lease time must be a positive whole number of milliseconds, not ${String(ttlMs)}.`,
      'ttlMs',
    );
  }
  return new Date(Date.parse(at) + ttlMs).toISOString();
}

/** Throws `InvalidInputError` naming the field of `outcome` that a finished ingestion cannot take. */
export function checkOutcome(outcome: IngestionOutcome): void {
  if (outcome.status !== 'succeeded' && outcome.status !== 'failed') {
    throw new InvalidInputError(
      `An ingestion ends "succeeded" or "failed", not ${JSON.stringify(outcome.status)}.`,
      'status',
    );
  }
  if (outcome.version !== null && !(Number.isSafeInteger(outcome.version) && outcome.version > 0)) {
    throw new InvalidInputError(
      `An ingestion's version is N of v<N> (1 or more) or null, not ${String(outcome.version)}.`,
      'version',
    );
  }
}

/** What finishing the requests `ids` refuses, given their rows as found: an unknown id, or one not running. */
export function finishRefusal(ids: readonly string[], found: readonly IngestionRow[]): Error | undefined {
  const missing = ids.find((id) => !found.some((row) => row.id === id));
  if (missing !== undefined) return ingestionNotFound(missing);
  const idle = found.find((row) => row.status !== 'running');
  if (idle) {
    return new ConflictError(
      `Ingestion ${idle.id} of kb "${idle.kb}" is ${idle.status}, not running; nothing changed.`,
    );
  }
  return undefined;
}

export function ingestionNotFound(id: string): RagshipError {
  return new RagshipError('INGESTION_NOT_FOUND', `No ingestion request has the id ${JSON.stringify(id)}.`);
}
