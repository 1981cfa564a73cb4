import type { DatabaseSync } from 'node:sqlite';
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

/** The monitoring tables; created with the registry's own. */
export const SQLITE_MONITORING_TABLES = `
CREATE TABLE IF NOT EXISTS baselines (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  environment TEXT NOT NULL,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (kb, version, environment),
  FOREIGN KEY (kb, version) REFERENCES versions (kb, version)
);
CREATE TABLE IF NOT EXISTS feedback (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating IN (1, -1)),
  comment TEXT,
  kb TEXT,
  version INTEGER,
  environment TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_trace ON feedback (trace_id);
CREATE TABLE IF NOT EXISTS answers (
  trace_id TEXT NOT NULL,
  environment TEXT NOT NULL,
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  caller TEXT NOT NULL,
  span_id TEXT,
  at TEXT NOT NULL,
  PRIMARY KEY (trace_id, environment)
);
CREATE INDEX IF NOT EXISTS answers_at ON answers (at);
`;

/** {@link MonitoringRecords} in the SQLite registry's database; `write` runs a write transaction. */
export function sqliteMonitoring(
  database: DatabaseSync,
  now: () => string,
  write: <T>(work: () => T) => Promise<T>,
): MonitoringRecords {
  const selectBaseline = database.prepare('SELECT * FROM baselines WHERE kb = ? AND version = ? AND environment = ?');
  const selectVersion = database.prepare('SELECT * FROM versions WHERE kb = ? AND version = ?');
  return {
    recordEval(kb, version, evalSet, record) {
      return write(() => {
        const target = selectVersion.get(kb, version) as VersionRow | undefined;
        const refusal = readyVersionRefusal(kb, version, target);
        if (refusal) throw refusal;
        const manifest = withEval(toVersion(target as VersionRow).manifest as Manifest, evalSet, record);
        database
          .prepare('UPDATE versions SET manifest = ? WHERE kb = ? AND version = ?')
          .run(JSON.stringify(manifest), kb, version);
        return manifest;
      });
    },

    putBaseline(record, options = {}) {
      return write(() => {
        const target = selectVersion.get(record.kb, record.version) as VersionRow | undefined;
        const refusal = readyVersionRefusal(record.kb, record.version, target);
        if (refusal) throw refusal;
        const conflict = options.ifAbsent
          ? 'DO NOTHING'
          : 'DO UPDATE SET created_at = excluded.created_at, data = excluded.data';
        database
          .prepare(
            `INSERT INTO baselines (kb, version, environment, created_at, data) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (kb, version, environment) ${conflict}`,
          )
          .run(record.kb, record.version, record.environment, now(), JSON.stringify(record.data));
        return toBaseline(selectBaseline.get(record.kb, record.version, record.environment) as unknown as BaselineRow);
      });
    },

    getBaseline(kb, version, environment) {
      const row = selectBaseline.get(kb, version, environment) as BaselineRow | undefined;
      return Promise.resolve(row && toBaseline(row));
    },

    addFeedback(entry) {
      return write(() => {
        const result = database
          .prepare(
            `INSERT INTO feedback (at, trace_id, rating, comment, kb, version, environment) VALUES (?, ?, ?, ?, ?, ?, ?)
             RETURNING *`,
          )
          .get(now(), entry.traceId, entry.rating, entry.comment, entry.kb, entry.version, entry.environment);
        return toFeedback(result as unknown as FeedbackRow);
      });
    },

    listFeedback(filter = {}) {
      const rows = database
        .prepare(
          `SELECT * FROM feedback WHERE (?1 IS NULL OR trace_id = ?1) AND (?2 IS NULL OR kb = ?2)
             AND (?3 IS NULL OR environment = ?3) ORDER BY id DESC LIMIT ?4`,
        )
        .all(filter.traceId ?? null, filter.kb ?? null, filter.environment ?? null, filter.limit ?? -1);
      return Promise.resolve((rows as unknown as FeedbackRow[]).map(toFeedback));
    },

    recordAnswer(entry) {
      return write(() => {
        database
          .prepare(
            `INSERT INTO answers (trace_id, environment, kb, version, caller, span_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (trace_id, environment) DO NOTHING`,
          )
          .run(entry.traceId, entry.environment, entry.kb, entry.version, entry.caller, entry.spanId, now());
      });
    },

    findAnswer(traceId, environment, since) {
      const row = database
        .prepare('SELECT * FROM answers WHERE trace_id = ? AND environment = ? AND at >= ?')
        .get(traceId, environment, since) as AnswerRow | undefined;
      return Promise.resolve(row && toAnswer(row));
    },

    pruneAnswers(before) {
      return write(() => Number(database.prepare('DELETE FROM answers WHERE at < ?').run(before).changes));
    },
  };
}
