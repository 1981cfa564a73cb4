import type pg from 'pg';
import type { Manifest } from '@ragship/core';
import type { MonitoringRecords } from './registry.js';
import {
  readyVersionRefusal,
  toAnswer,
  toBaseline,
  toFeedback,
  withEval,
  type AnswerRow,
  type BaselineRow,
  type FeedbackRow,
} from './monitoring-records.js';
import { toVersion, type VersionRow } from './registry-records.js';

/** The monitoring tables, created with the registry's schema. */
export const POSTGRES_MONITORING_TABLES = (schema: string) => `
CREATE TABLE IF NOT EXISTS ${schema}.baselines (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  environment TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  data JSONB NOT NULL,
  PRIMARY KEY (kb, version, environment),
  FOREIGN KEY (kb, version) REFERENCES ${schema}.versions (kb, version)
);
CREATE TABLE IF NOT EXISTS ${schema}.feedback (
  id BIGSERIAL PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  trace_id TEXT NOT NULL,
  rating SMALLINT NOT NULL CHECK (rating IN (1, -1)),
  comment TEXT,
  kb TEXT,
  version INTEGER,
  environment TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_trace ON ${schema}.feedback (trace_id);
CREATE TABLE IF NOT EXISTS ${schema}.answers (
  trace_id TEXT NOT NULL,
  environment TEXT NOT NULL,
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  caller TEXT NOT NULL,
  span_id TEXT,
  at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (trace_id, environment)
);
CREATE INDEX IF NOT EXISTS answers_at ON ${schema}.answers (at);
`;

/** How the PostgreSQL registry lends a connection: in a kb-locked transaction, or for one read. */
export interface PostgresAccess {
  transaction: <T>(kb: string, work: (client: pg.PoolClient) => Promise<T>) => Promise<T>;
  read: <T>(text: string, values?: unknown[]) => Promise<T[]>;
  now: () => string;
}

/** {@link MonitoringRecords} in the PostgreSQL registry's schema. */
export function postgresMonitoring({ transaction, read, now }: PostgresAccess): MonitoringRecords {
  return {
    recordEval(kb, version, evalSet, record) {
      return transaction(kb, async (client) => {
        const target = (
          await client.query('SELECT * FROM versions WHERE kb = $1 AND version = $2 FOR UPDATE', [kb, version])
        ).rows[0] as VersionRow | undefined;
        const refusal = readyVersionRefusal(kb, version, target);
        if (refusal) throw refusal;
        const manifest = withEval(toVersion(target as VersionRow).manifest as Manifest, evalSet, record);
        await client.query('UPDATE versions SET manifest = $1 WHERE kb = $2 AND version = $3', [
          JSON.stringify(manifest),
          kb,
          version,
        ]);
        return manifest;
      });
    },

    putBaseline(record, options = {}) {
      return transaction(record.kb, async (client) => {
        const target = (
          await client.query('SELECT * FROM versions WHERE kb = $1 AND version = $2 FOR SHARE', [
            record.kb,
            record.version,
          ])
        ).rows[0] as VersionRow | undefined;
        const refusal = readyVersionRefusal(record.kb, record.version, target);
        if (refusal) throw refusal;
        const conflict = options.ifAbsent
          ? 'DO NOTHING'
          : 'DO UPDATE SET created_at = excluded.created_at, data = excluded.data';
        await client.query(
          `INSERT INTO baselines (kb, version, environment, created_at, data) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (kb, version, environment) ${conflict}`,
          [record.kb, record.version, record.environment, now(), JSON.stringify(record.data)],
        );
        const stored = await client.query(
          'SELECT * FROM baselines WHERE kb = $1 AND version = $2 AND environment = $3',
          [record.kb, record.version, record.environment],
        );
        return toBaseline(stored.rows[0] as BaselineRow);
      });
    },

    async getBaseline(kb, version, environment) {
      const [row] = await read<BaselineRow>(
        'SELECT * FROM baselines WHERE kb = $1 AND version = $2 AND environment = $3',
        [kb, version, environment],
      );
      return row && toBaseline(row);
    },

    async addFeedback(entry) {
      const [row] = await read<FeedbackRow>(
        `INSERT INTO feedback (at, trace_id, rating, comment, kb, version, environment)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [now(), entry.traceId, entry.rating, entry.comment, entry.kb, entry.version, entry.environment],
      );
      return toFeedback(row as FeedbackRow);
    },

    async listFeedback(filter = {}) {
      const found = await read<FeedbackRow>(
        `SELECT * FROM feedback WHERE ($1::text IS NULL OR trace_id = $1) AND ($2::text IS NULL OR kb = $2)
           AND ($3::text IS NULL OR environment = $3) ORDER BY id DESC LIMIT $4`,
        [filter.traceId ?? null, filter.kb ?? null, filter.environment ?? null, filter.limit ?? null],
      );
      return found.map(toFeedback);
    },

    async recordAnswer(entry) {
      await read(
        `INSERT INTO answers (trace_id, environment, kb, version, caller, span_id, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (trace_id, environment) DO NOTHING`,
        [entry.traceId, entry.environment, entry.kb, entry.version, entry.caller, entry.spanId, now()],
      );
    },

    async findAnswer(traceId, environment, since) {
      const [row] = await read<AnswerRow>(
        'SELECT * FROM answers WHERE trace_id = $1 AND environment = $2 AND at >= $3::timestamptz',
        [traceId, environment, since],
      );
      return row && toAnswer(row);
    },

    async pruneAnswers(before) {
      const deleted = await read<{ count: string }>(
        'WITH gone AS (DELETE FROM answers WHERE at < $1::timestamptz RETURNING 1) SELECT count(*) FROM gone',
        [before],
      );
      return Number(deleted[0]?.count ?? 0);
    },
  };
}
