import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConflictError, NotFoundError, formatVersion, type Manifest } from '@ragship/core';
import type { AliasRecord, AuditEntry, Registry, VersionRecord } from './registry.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS versions (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('building', 'ready', 'failed')),
  parent INTEGER,
  created_at TEXT NOT NULL,
  manifest TEXT,
  owner TEXT,
  PRIMARY KEY (kb, version)
);
CREATE TABLE IF NOT EXISTS aliases (
  environment TEXT NOT NULL,
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  promoted_at TEXT NOT NULL,
  promoted_by TEXT NOT NULL,
  PRIMARY KEY (environment, kb)
);
CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  kb TEXT NOT NULL,
  environment TEXT NOT NULL,
  from_version INTEGER,
  to_version INTEGER NOT NULL,
  details TEXT NOT NULL
);
`;

interface VersionRow {
  kb: string;
  version: number;
  status: VersionRecord['status'];
  parent: number | null;
  created_at: string;
  manifest: string | null;
  owner: string | null;
}
interface AliasRow {
  environment: string;
  kb: string;
  version: number;
  promoted_at: string;
  promoted_by: string;
}
interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: AuditEntry['action'];
  kb: string;
  environment: string;
  from_version: number | null;
  to_version: number;
  details: string;
}

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
  database.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
  database.exec(SCHEMA);
  migrate(database);
  const now = () => (options.now ?? (() => new Date()))().toISOString();

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

  const selectVersion = database.prepare('SELECT * FROM versions WHERE kb = ? AND version = ?');
  const selectAlias = database.prepare('SELECT * FROM aliases WHERE environment = ? AND kb = ?');

  return {
    createVersion(kb, parent, owner) {
      const record = transaction(() => {
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
      return Promise.resolve(record);
    },

    finishVersion(kb, version, status, manifest) {
      const result = database
        .prepare("UPDATE versions SET status = ?, manifest = ? WHERE kb = ? AND version = ? AND status = 'building'")
        .run(status, manifest ? JSON.stringify(manifest) : null, kb, version);
      if (result.changes !== 1) {
        return Promise.reject(
          new ConflictError(`${kb}@${formatVersion(version)} is not building; a ready version is immutable.`),
        );
      }
      return Promise.resolve();
    },

    getVersion(kb, version) {
      const row = selectVersion.get(kb, version) as VersionRow | undefined;
      return Promise.resolve(row && toVersion(row));
    },

    listVersions(kb) {
      const rows = database.prepare('SELECT * FROM versions WHERE kb = ? ORDER BY version DESC').all(kb);
      return Promise.resolve((rows as unknown as VersionRow[]).map(toVersion));
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
      // The executor runs synchronously; a throw inside it (conflict, not ready) becomes the rejection.
      return new Promise<AliasRecord>((resolve) => {
        const alias = transaction(() => {
          const target = selectVersion.get(request.kb, request.to) as VersionRow | undefined;
          if (target?.status !== 'ready') {
            throw new NotFoundError(
              'version',
              `${request.kb}@${formatVersion(request.to)}`,
              `${request.kb}@${formatVersion(request.to)} is not a ready version.`,
            );
          }
          const current = selectAlias.get(request.environment, request.kb) as AliasRow | undefined;
          const currentVersion = current?.version ?? null;
          if (currentVersion !== request.expected) {
            throw new ConflictError(
              `${request.kb}@${request.environment} moved to ${describe(currentVersion)} while this ${request.action} expected ${describe(request.expected)}; nothing changed. Re-run to act on the new state.`,
            );
          }
          const promotedAt = now();
          database
            .prepare(
              `INSERT INTO aliases (environment, kb, version, promoted_at, promoted_by) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (environment, kb) DO UPDATE SET version = excluded.version,
                 promoted_at = excluded.promoted_at, promoted_by = excluded.promoted_by`,
            )
            .run(request.environment, request.kb, request.to, promotedAt, request.actor);
          database
            .prepare(
              `INSERT INTO audit_log (at, actor, action, kb, environment, from_version, to_version, details)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              promotedAt,
              request.actor,
              request.action,
              request.kb,
              request.environment,
              currentVersion,
              request.to,
              JSON.stringify(request.details ?? {}),
            );
          return {
            environment: request.environment,
            kb: request.kb,
            version: request.to,
            promotedAt,
            promotedBy: request.actor,
          } satisfies AliasRecord;
        });
        resolve(alias);
      });
    },

    auditLog(filter = {}) {
      const rows = database
        .prepare(
          `SELECT * FROM audit_log WHERE (?1 IS NULL OR kb = ?1) AND (?2 IS NULL OR environment = ?2) ORDER BY id DESC`,
        )
        .all(filter.kb ?? null, filter.environment ?? null) as unknown as AuditRow[];
      return Promise.resolve(rows.map(toAudit));
    },

    close() {
      database.close();
      return Promise.resolve();
    },
  };
}

function describe(version: number | null): string {
  return version === null ? 'nothing' : formatVersion(version);
}

function toVersion(row: VersionRow): VersionRecord {
  return {
    kb: row.kb,
    version: row.version,
    status: row.status,
    parent: row.parent,
    createdAt: row.created_at,
    manifest: row.manifest ? (JSON.parse(row.manifest) as Manifest) : null,
    owner: row.owner,
  };
}

/** Brings a registry file written by an older ragship up to the current schema. */
function migrate(database: DatabaseSync): void {
  const columns = database.prepare('PRAGMA table_info(versions)').all() as { name: string }[];
  if (!columns.some((column) => column.name === 'owner')) database.exec('ALTER TABLE versions ADD COLUMN owner TEXT');
}

function toAlias(row: AliasRow): AliasRecord {
  return {
    environment: row.environment,
    kb: row.kb,
    version: row.version,
    promotedAt: row.promoted_at,
    promotedBy: row.promoted_by,
  };
}

function toAudit(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    kb: row.kb,
    environment: row.environment,
    from: row.from_version,
    to: row.to_version,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
