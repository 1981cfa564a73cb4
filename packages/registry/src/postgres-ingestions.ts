import { randomUUID } from 'node:crypto';
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
import type { PostgresAccess } from './postgres-monitoring.js';

/**
 * The lease and ingestion tables, created with the registry's schema. At most one request per kb
 * is `queued` (the partial unique index), which is what coalescing promises. `seq` orders requests.
 */
export const POSTGRES_INGESTION_TABLES = (schema: string) => `
CREATE TABLE IF NOT EXISTS ${schema}.kb_leases (
  kb TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  description TEXT NOT NULL,
  acquired_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS ${schema}.ingestions (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kb TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  requested_by TEXT NOT NULL,
  requested_at TIMESTAMPTZ NOT NULL,
  started_at TIMESTAMPTZ,
  finished_at TIMESTAMPTZ,
  runner TEXT,
  version INTEGER,
  message TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS ingestions_one_queued ON ${schema}.ingestions (kb) WHERE status = 'queued';
CREATE INDEX IF NOT EXISTS ingestions_kb ON ${schema}.ingestions (kb, seq);
`;

const COLUMNS = 'id, kb, source, status, requested_by, requested_at, started_at, finished_at, runner, version, message';

// The advisory lock finishing takes: no kb's (kb names have no ":"). Row locks do the real work.
const FINISH_LOCK = ':ingestions';

type SequencedRow = IngestionRow & { seq: string };

const bySequence = (rows: SequencedRow[]): IngestionRecord[] =>
  rows.sort((left, right) => Number(left.seq) - Number(right.seq)).map(toIngestion);

/**
 * {@link IngestionCoordination} in the PostgreSQL registry's schema. Lease and request writes run in
 * the kb's advisory-locked transaction, so they serialise per kb across every process that shares
 * the database, as version numbers do.
 */
export function postgresIngestions({ transaction, read, now }: PostgresAccess): IngestionCoordination {
  return {
    acquireKbLease(kb, holder, ttlMs) {
      return transaction(kb, async (client) => {
        const at = now();
        const taken = await client.query<LeaseRow>(
          `INSERT INTO kb_leases (kb, owner, description, acquired_at, expires_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (kb) DO UPDATE SET
             acquired_at = CASE WHEN kb_leases.owner = excluded.owner THEN kb_leases.acquired_at
               ELSE excluded.acquired_at END,
             owner = excluded.owner, description = excluded.description, expires_at = excluded.expires_at
           WHERE kb_leases.owner = excluded.owner OR kb_leases.expires_at <= excluded.acquired_at
           RETURNING *`,
          [kb, holder.owner, holder.description, at, leaseExpiry(at, ttlMs)],
        );
        if (taken.rows[0]) return { acquired: true, lease: toLease(taken.rows[0]) } as const;
        const held = await client.query<LeaseRow>('SELECT * FROM kb_leases WHERE kb = $1', [kb]);
        return { acquired: false, lease: toLease(held.rows[0] as LeaseRow) } as const;
      });
    },

    renewKbLease(kb, owner, ttlMs) {
      return transaction(kb, async (client) => {
        const result = await client.query('UPDATE kb_leases SET expires_at = $1 WHERE kb = $2 AND owner = $3', [
          leaseExpiry(now(), ttlMs),
          kb,
          owner,
        ]);
        return result.rowCount === 1;
      });
    },

    async releaseKbLease(kb, owner) {
      await transaction(kb, (client) =>
        client.query('DELETE FROM kb_leases WHERE kb = $1 AND owner = $2', [kb, owner]),
      );
    },

    async getKbLease(kb) {
      const [row] = await read<LeaseRow>('SELECT * FROM kb_leases WHERE kb = $1', [kb]);
      return row && toLease(row);
    },

    requestIngestion(request) {
      return transaction(request.kb, async (client) => {
        const queued = await client.query<IngestionRow>(
          `SELECT ${COLUMNS} FROM ingestions WHERE kb = $1 AND status = 'queued'`,
          [request.kb],
        );
        if (queued.rows[0]) return { record: toIngestion(queued.rows[0]), coalesced: true };
        const inserted = await client.query<IngestionRow>(
          `INSERT INTO ingestions (id, kb, source, status, requested_by, requested_at)
           VALUES ($1, $2, $3, 'queued', $4, $5) RETURNING ${COLUMNS}`,
          [randomUUID(), request.kb, credentialFreeSource(request.source), request.requestedBy, now()],
        );
        return { record: toIngestion(inserted.rows[0] as IngestionRow), coalesced: false };
      });
    },

    claimIngestions(kb, runner) {
      return transaction(kb, async (client) => {
        const claimed = await client.query<SequencedRow>(
          `UPDATE ingestions SET status = 'running', runner = $1, started_at = $2
           WHERE kb = $3 AND status = 'queued' RETURNING seq, ${COLUMNS}`,
          [runner, now(), kb],
        );
        return bySequence(claimed.rows);
      });
    },

    async finishIngestions(ids, outcome) {
      checkOutcome(outcome);
      const unique = [...new Set(ids)];
      return transaction(FINISH_LOCK, async (client) => {
        const found = await client.query<IngestionRow>(
          `SELECT ${COLUMNS} FROM ingestions WHERE id = ANY($1::text[]) FOR UPDATE`,
          [unique],
        );
        const refusal = finishRefusal(unique, found.rows);
        if (refusal) throw refusal;
        const finished = await client.query<IngestionRow>(
          `UPDATE ingestions SET status = $1, version = $2, message = $3, finished_at = $4
           WHERE id = ANY($5::text[]) RETURNING ${COLUMNS}`,
          [outcome.status, outcome.version, outcome.message, now(), unique],
        );
        return unique.map((id) => toIngestion(finished.rows.find((row) => row.id === id) as IngestionRow));
      });
    },

    async getIngestion(id) {
      const [row] = await read<IngestionRow>(`SELECT ${COLUMNS} FROM ingestions WHERE id = $1`, [id]);
      return row && toIngestion(row);
    },

    async listIngestions(filter = {}) {
      const rows = await read<IngestionRow>(
        `SELECT ${COLUMNS} FROM ingestions WHERE ($1::text IS NULL OR kb = $1) AND ($2::text IS NULL OR status = $2)
         ORDER BY seq DESC LIMIT $3`,
        [filter.kb ?? null, filter.status ?? null, filter.limit ?? null],
      );
      return rows.map(toIngestion);
    },
  };
}
