import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { credentialFreeSource } from './credential-free-source.js';
import type { IngestionCoordination, IngestionRecord } from './ingestion-coordination.js';
import {
  checkOutcome,
  finishRefusal,
  leaseExpiry,
  toIngestion,
  toLease,
  type IngestionRow,
  type LeaseRow,
} from './ingestion-records.js';

/**
 * The lease and ingestion tables; created with the registry's own. At most one request per kb is
 * `queued` (the partial unique index), which is what coalescing promises. `seq` orders requests.
 */
export const SQLITE_INGESTION_TABLES = `
CREATE TABLE IF NOT EXISTS kb_leases (
  kb TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  description TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ingestions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kb TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  runner TEXT,
  version INTEGER,
  message TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ingestions_one_queued ON ingestions (kb) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS ingestions_kb ON ingestions (kb, seq);
`;

const COLUMNS = 'id, kb, source, status, requested_by, requested_at, started_at, finished_at, runner, version, message';

/**
 * {@link IngestionCoordination} in the SQLite registry's database; `write` runs a write transaction
 * (`BEGIN IMMEDIATE`, so one process at a time), which makes each call atomic across processes.
 * Times are ISO 8601 text, which compares in time order.
 */
export function sqliteIngestions(
  database: DatabaseSync,
  now: () => string,
  write: <T>(work: () => T) => Promise<T>,
): IngestionCoordination {
  const selectLease = database.prepare('SELECT * FROM kb_leases WHERE kb = ?');
  const selectIngestion = database.prepare(`SELECT ${COLUMNS} FROM ingestions WHERE id = ?`);
  return {
    acquireKbLease(kb, holder, ttlMs) {
      return write(() => {
        const at = now();
        const taken = database
          .prepare(
            `INSERT INTO kb_leases (kb, owner, description, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (kb) DO UPDATE SET
               acquired_at = CASE WHEN kb_leases.owner = excluded.owner THEN kb_leases.acquired_at
                 ELSE excluded.acquired_at END,
               owner = excluded.owner, description = excluded.description, expires_at = excluded.expires_at
             WHERE kb_leases.owner = excluded.owner OR kb_leases.expires_at <= excluded.acquired_at
             RETURNING *`,
          )
          .get(kb, holder.owner, holder.description, at, leaseExpiry(at, ttlMs)) as LeaseRow | undefined;
        if (taken) return { acquired: true, lease: toLease(taken) } as const;
        return { acquired: false, lease: toLease(selectLease.get(kb) as unknown as LeaseRow) } as const;
      });
    },

    renewKbLease(kb, owner, ttlMs) {
      return write(() => {
        const result = database
          .prepare('UPDATE kb_leases SET expires_at = ? WHERE kb = ? AND owner = ?')
          .run(leaseExpiry(now(), ttlMs), kb, owner);
        return result.changes === 1;
      });
    },

    releaseKbLease(kb, owner) {
      return write(() => {
        database.prepare('DELETE FROM kb_leases WHERE kb = ? AND owner = ?').run(kb, owner);
      });
    },

    getKbLease(kb) {
      const row = selectLease.get(kb) as LeaseRow | undefined;
      return Promise.resolve(row && toLease(row));
    },

    requestIngestion(request) {
      return write(() => {
        const queued = database
          .prepare(`SELECT ${COLUMNS} FROM ingestions WHERE kb = ? AND status = 'queued'`)
          .get(request.kb) as IngestionRow | undefined;
        if (queued) return { record: toIngestion(queued), coalesced: true };
        const row = database
          .prepare(
            `INSERT INTO ingestions (id, kb, source, status, requested_by, requested_at)
             VALUES (?, ?, ?, 'queued', ?, ?) RETURNING ${COLUMNS}`,
          )
          .get(randomUUID(), request.kb, credentialFreeSource(request.source), request.requestedBy, now());
        return { record: toIngestion(row as unknown as IngestionRow), coalesced: false };
      });
    },

    claimIngestions(kb, runner) {
      return write(() => {
        const rows = database
          .prepare(
            `UPDATE ingestions SET status = 'running', runner = ?, started_at = ?
             WHERE kb = ? AND status = 'queued' RETURNING seq, ${COLUMNS}`,
          )
          .all(runner, now(), kb) as unknown as (IngestionRow & { seq: number })[];
        return rows.sort((left, right) => left.seq - right.seq).map(toIngestion);
      });
    },

    finishIngestions(ids, outcome) {
      return write(() => {
        checkOutcome(outcome);
        const unique = [...new Set(ids)];
        const found = unique.map((id) => selectIngestion.get(id) as IngestionRow | undefined);
        const refusal = finishRefusal(
          unique,
          found.filter((row) => row !== undefined),
        );
        if (refusal) throw refusal;
        const finish = database.prepare(
          `UPDATE ingestions SET status = ?, version = ?, message = ?, finished_at = ? WHERE id = ?
           RETURNING ${COLUMNS}`,
        );
        const finishedAt = now();
        return unique.map((id): IngestionRecord => {
          const row = finish.get(outcome.status, outcome.version, outcome.message, finishedAt, id);
          return toIngestion(row as unknown as IngestionRow);
        });
      });
    },

    getIngestion(id) {
      const row = selectIngestion.get(id) as IngestionRow | undefined;
      return Promise.resolve(row && toIngestion(row));
    },

    listIngestions(filter = {}) {
      const rows = database
        .prepare(
          `SELECT ${COLUMNS} FROM ingestions WHERE (?1 IS NULL OR kb = ?1) AND (?2 IS NULL OR status = ?2)
           ORDER BY seq DESC LIMIT ?3`,
        )
        .all(filter.kb ?? null, filter.status ?? null, filter.limit ?? -1) as unknown as IngestionRow[];
      return Promise.resolve(rows.map(toIngestion));
    },
  };
}
