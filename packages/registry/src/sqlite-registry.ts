import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { RagshipError } from '@ragship/core';
import type { Registry, VersionRecord } from './registry.js';
import { DOCUMENTS_TABLE, sqliteDocuments } from './sqlite-documents.js';
import { SQLITE_INGESTION_TABLES, sqliteIngestions } from './sqlite-ingestions.js';
import { SQLITE_MONITORING_TABLES, sqliteMonitoring } from './sqlite-monitoring.js';
import {
  auditValues,
  checkArtifactName,
  deleteVersionRefusal,
  moveAliasRefusal,
  movedAlias,
  newArtifact,
  notBuildingError,
  putArtifactRefusal,
  toAlias,
  toArtifact,
  toArtifactData,
  toAudit,
  toVersion,
  type AliasRow,
  type ArtifactDataRow,
  type ArtifactRow,
  type AuditRow,
  type VersionRow,
} from './registry-records.js';

const VERSIONS_TABLE = `
CREATE TABLE IF NOT EXISTS versions (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('building', 'ready', 'failed', 'deleted')),
  parent INTEGER,
  created_at TEXT NOT NULL,
  manifest TEXT,
  owner TEXT,
  PRIMARY KEY (kb, version)
)`;
const ALIASES_TABLE = `
CREATE TABLE IF NOT EXISTS aliases (
  environment TEXT NOT NULL,
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  promoted_at TEXT NOT NULL,
  promoted_by TEXT NOT NULL,
  PRIMARY KEY (environment, kb)
)`;
const AUDIT_TABLE = `
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  kb TEXT NOT NULL,
  environment TEXT,
  from_version INTEGER,
  to_version INTEGER,
  details TEXT NOT NULL
)`;
const ARTIFACTS_TABLE = `
CREATE TABLE IF NOT EXISTS artifacts (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  data BLOB NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (kb, version, name),
  FOREIGN KEY (kb, version) REFERENCES versions (kb, version)
)`;
const ARTIFACT_COLUMNS = 'kb, version, name, bytes, sha256, created_at';

/** Options of {@link createSqliteRegistry}. */
export interface SqliteRegistryOptions {
  /** Database file; created with its directory if missing. `:memory:` for tests. */
  file: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/** A {@link Registry} in one SQLite file (node:sqlite, no native build). Safe across processes. */
export function createSqliteRegistry(options: SqliteRegistryOptions): Registry {
  if (options.file !== ':memory:') mkdirSync(path.dirname(options.file), { recursive: true });
  const database = new DatabaseSync(options.file);
  // Foreign keys are off while the opening transaction may rebuild tables (see rebuild), on after.
  database.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = OFF;');
  const now = () => (options.now ?? (() => new Date()))().toISOString();

  /** Runs `work` in a write transaction, committed when it returns and rolled back when it throws. */
  function transaction<T>(work: () => T): T {
    database.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      database.exec('COMMIT');
      return result;
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  }
  /** {@link transaction} as a promise: the interface is async for the PostgreSQL backend's sake. */
  function write<T>(work: () => T): Promise<T> {
    try {
      return Promise.resolve(transaction(work));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  transaction(() => {
    database.exec(
      `${VERSIONS_TABLE}; ${DOCUMENTS_TABLE}; ${ALIASES_TABLE}; ${AUDIT_TABLE}; ` +
        `${ARTIFACTS_TABLE}; ${SQLITE_MONITORING_TABLES}; ${SQLITE_INGESTION_TABLES}`,
    );
    migrate(database);
  });
  database.exec('PRAGMA foreign_keys = ON');

  const selectVersion = database.prepare('SELECT * FROM versions WHERE kb = ? AND version = ?');
  const documents = sqliteDocuments(database);
  const readVersion = (row: VersionRow): VersionRecord => {
    const record = toVersion(row);
    return { ...record, manifest: documents.read(row.kb, row.version, record.manifest) };
  };
  const selectAlias = database.prepare('SELECT * FROM aliases WHERE environment = ? AND kb = ?');
  const insertAudit = database.prepare(
    `INSERT INTO audit_log (at, actor, action, kb, environment, from_version, to_version, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  return {
    location: options.file,
    monitoring: sqliteMonitoring(database, now, write),
    ...sqliteIngestions(database, now, write),

    createVersion(kb, parent, owner) {
      return write(() => {
        const row = database.prepare('SELECT MAX(version) AS latest FROM versions WHERE kb = ?').get(kb) as {
          latest: number | null;
        };
        const version = (row.latest ?? 0) + 1;
        const createdAt = now();
        database
          .prepare('INSERT INTO versions (kb, version, status, parent, created_at, owner) VALUES (?, ?, ?, ?, ?, ?)')
          .run(kb, version, 'building', parent, createdAt, owner ?? null);
        return {
          kb,
          version,
          status: 'building',
          parent,
          createdAt,
          manifest: null,
          owner: owner ?? null,
        } satisfies VersionRecord;
      });
    },

    finishVersion(kb, version, status, manifest) {
      return write(() => {
        const result = database
          .prepare("UPDATE versions SET status = ? WHERE kb = ? AND version = ? AND status = 'building'")
          .run(status, kb, version);
        if (result.changes !== 1) throw notBuildingError(kb, version);
        if (manifest) {
          database
            .prepare('UPDATE versions SET manifest = ? WHERE kb = ? AND version = ?')
            .run(documents.write(kb, version, manifest), kb, version);
        }
      });
    },

    getVersion(kb, version) {
      const row = selectVersion.get(kb, version) as VersionRow | undefined;
      return Promise.resolve(row && readVersion(row));
    },

    listVersions(kb) {
      const rows = database.prepare('SELECT * FROM versions WHERE kb = ? ORDER BY version DESC').all(kb);
      return Promise.resolve((rows as unknown as VersionRow[]).map(readVersion));
    },

    listKbs() {
      const rows = database.prepare('SELECT DISTINCT kb FROM versions ORDER BY kb').all() as { kb: string }[];
      return Promise.resolve(rows.map((row) => row.kb));
    },

    getAlias(environment, kb) {
      const row = selectAlias.get(environment, kb) as AliasRow | undefined;
      return Promise.resolve(row && toAlias(row));
    },

    listAliases() {
      const rows = database.prepare('SELECT * FROM aliases ORDER BY environment, kb').all();
      return Promise.resolve((rows as unknown as AliasRow[]).map(toAlias));
    },

    moveAlias(request) {
      return write(() => {
        const target = selectVersion.get(request.kb, request.to) as VersionRow | undefined;
        const current = (selectAlias.get(request.environment, request.kb) as AliasRow | undefined)?.version ?? null;
        const refusal = moveAliasRefusal(request, target, current);
        if (refusal) throw refusal;
        const promotedAt = now();
        database
          .prepare(
            `INSERT INTO aliases (environment, kb, version, promoted_at, promoted_by) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (environment, kb) DO UPDATE SET version = excluded.version,
               promoted_at = excluded.promoted_at, promoted_by = excluded.promoted_by`,
          )
          .run(request.environment, request.kb, request.to, promotedAt, request.actor);
        insertAudit.run(...auditValues(promotedAt, { kind: 'move', request, current }));
        return movedAlias(request, promotedAt);
      });
    },

    recordRefusal(request) {
      return write(() => {
        const { lastInsertRowid } = insertAudit.run(...auditValues(now(), { kind: 'refuse', request }));
        return toAudit(
          database.prepare('SELECT * FROM audit_log WHERE id = ?').get(lastInsertRowid) as unknown as AuditRow,
        );
      });
    },

    deleteVersion(request) {
      return write(() => {
        const target = selectVersion.get(request.kb, request.version) as VersionRow | undefined;
        const aliasedBy = (
          database
            .prepare('SELECT environment FROM aliases WHERE kb = ? AND version = ? ORDER BY environment')
            .all(request.kb, request.version) as { environment: string }[]
        ).map((row) => row.environment);
        const refusal = deleteVersionRefusal(request, target, aliasedBy);
        if (refusal) throw refusal;
        if (!target || target.status === 'deleted') return;
        database
          .prepare("UPDATE versions SET status = 'deleted' WHERE kb = ? AND version = ?")
          .run(request.kb, request.version);
        database.prepare('DELETE FROM artifacts WHERE kb = ? AND version = ?').run(request.kb, request.version);
        database.prepare('DELETE FROM baselines WHERE kb = ? AND version = ?').run(request.kb, request.version);
        insertAudit.run(...auditValues(now(), { kind: 'delete', request, status: target.status }));
      });
    },

    putArtifact(kb, version, name, data) {
      return write(() => {
        checkArtifactName(name);
        const refusal = putArtifactRefusal(kb, version, selectVersion.get(kb, version) as VersionRow | undefined);
        if (refusal) throw refusal;
        const record = newArtifact(kb, version, name, data, now());
        database
          .prepare(
            `INSERT INTO artifacts (kb, version, name, data, bytes, sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (kb, version, name) DO UPDATE SET data = excluded.data, bytes = excluded.bytes,
               sha256 = excluded.sha256, created_at = excluded.created_at`,
          )
          .run(kb, version, name, data, record.bytes, record.sha256, record.createdAt);
        return record;
      });
    },

    getArtifact(kb, version, name) {
      return Promise.resolve().then(() => {
        checkArtifactName(name);
        const row = database
          .prepare(`SELECT ${ARTIFACT_COLUMNS}, data FROM artifacts WHERE kb = ? AND version = ? AND name = ?`)
          .get(kb, version, name) as ArtifactDataRow | undefined;
        return row && toArtifactData(row);
      });
    },

    listArtifacts(kb, version) {
      const rows = database
        .prepare(`SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE kb = ? AND version = ? ORDER BY name`)
        .all(kb, version) as unknown as ArtifactRow[];
      return Promise.resolve(rows.map(toArtifact));
    },

    auditLog(filter = {}) {
      const rows = database
        .prepare(
          `SELECT * FROM audit_log WHERE (?1 IS NULL OR kb = ?1) AND (?2 IS NULL OR environment = ?2)
             AND (?3 IS NULL OR action = ?3)
           ORDER BY id DESC LIMIT ?4`,
        )
        .all(
          filter.kb ?? null,
          filter.environment ?? null,
          filter.action ?? null,
          filter.limit ?? -1,
        ) as unknown as AuditRow[];
      return Promise.resolve(rows.map(toAudit));
    },

    close() {
      database.close();
      return Promise.resolve();
    },
  };
}

/**
 * Brings a registry file written by an older ragship up to the current schema, inside the
 * opening transaction so two processes opening an old file do not both migrate it: the
 * `owner` column, the `deleted` status, and audit entries without an environment or target.
 * New tables (`artifacts`, `kb_leases`, `ingestions`) need no migration: the opening's CREATE TABLE IF NOT EXISTS adds them.
 */
function migrate(database: DatabaseSync): void {
  const columns = database.prepare('PRAGMA table_info(versions)').all() as { name: string }[];
  if (!columns.some((column) => column.name === 'owner')) database.exec('ALTER TABLE versions ADD COLUMN owner TEXT');
  const tableSql = (name: string) =>
    (database.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) as { sql: string })
      .sql;
  const rebuildVersions = !tableSql('versions').includes("'deleted'");
  const rebuildAudit = /to_version INTEGER NOT NULL/.test(tableSql('audit_log'));
  if (rebuildVersions) rebuild(database, 'versions', VERSIONS_TABLE);
  if (rebuildAudit) rebuild(database, 'audit_log', AUDIT_TABLE);
  if ((rebuildVersions || rebuildAudit) && database.prepare('PRAGMA foreign_key_check').all().length > 0) {
    throw new RagshipError(
      'REGISTRY_MIGRATION_FAILED',
      'The registry file has artifacts of versions that do not exist; it was not migrated.',
    );
  }
}

/**
 * SQLite cannot alter a CHECK or NOT NULL constraint: copy the rows into a table created anew.
 * Renaming the old table away would drag other tables' foreign keys (artifacts → versions) along
 * with it, so the new table is built under another name and renamed into place (SQLite's own
 * recipe, which needs foreign keys off; {@link migrate} checks them afterwards).
 */
function rebuild(database: DatabaseSync, table: string, createSql: string): void {
  const created = createSql.replace(`EXISTS ${table} (`, `EXISTS ${table}_new (`);
  database.exec(created);
  database.exec(`INSERT INTO ${table}_new SELECT * FROM ${table}`);
  database.exec(`DROP TABLE ${table}`);
  database.exec(`ALTER TABLE ${table}_new RENAME TO ${table}`);
}
