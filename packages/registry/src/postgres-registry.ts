import pg from 'pg';
import { isConnectionError, parsePostgresUrl, quoteIdentifier, unavailable } from './postgres-connection.js';
import { POSTGRES_INGESTION_TABLES, postgresIngestions } from './postgres-ingestions.js';
import { POSTGRES_MONITORING_TABLES, postgresMonitoring } from './postgres-monitoring.js';
import type { Registry, VersionRecord } from './registry.js';
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

export { parsePostgresUrl } from './postgres-connection.js';

const SCHEMA_SQL = (schema: string) => `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.versions (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('building', 'ready', 'failed', 'deleted')),
  parent INTEGER,
  created_at TIMESTAMPTZ NOT NULL,
  manifest JSONB,
  owner TEXT,
  PRIMARY KEY (kb, version)
);
CREATE TABLE IF NOT EXISTS ${schema}.aliases (
  environment TEXT NOT NULL,
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  promoted_at TIMESTAMPTZ NOT NULL,
  promoted_by TEXT NOT NULL,
  PRIMARY KEY (environment, kb)
);
CREATE TABLE IF NOT EXISTS ${schema}.audit_log (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at TIMESTAMPTZ NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  kb TEXT NOT NULL,
  environment TEXT,
  from_version INTEGER,
  to_version INTEGER,
  details JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_log_kb_environment ON ${schema}.audit_log (kb, environment, id DESC);
CREATE TABLE IF NOT EXISTS ${schema}.artifacts (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  data BYTEA NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (kb, version, name),
  FOREIGN KEY (kb, version) REFERENCES ${schema}.versions (kb, version)
);
`;
const ARTIFACT_COLUMNS = 'kb, version, name, bytes, sha256, created_at';

/** Options of {@link createPostgresRegistry}. */
export interface PostgresRegistryOptions {
  /** `postgres://user:password@host:port/database`, optionally with `?schema=name` (default `public`). */
  url: string;
  /** Clock, for tests. */
  now?: () => Date;
}

/**
 * A {@link Registry} in PostgreSQL, for teams and deploys where several machines promote.
 * Every write takes a transaction-scoped advisory lock on its kb, so version numbers, alias
 * compare-and-swap and deletes serialise per kb across every process that shares the database.
 * The schema is created on first use; a database that cannot be reached fails with
 * `StoreUnavailableError` naming the URL without its password.
 */
export function createPostgresRegistry(options: PostgresRegistryOptions): Registry {
  const { connectionString, schema, location } = parsePostgresUrl(options.url);
  const pool = new pg.Pool({
    connectionString,
    options: `-c search_path=${schema}`,
    max: 4,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
  });
  // An idle client whose server went away emits here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const now = () => (options.now ?? (() => new Date()))().toISOString();
  let ready: Promise<void> | undefined;

  async function connect(): Promise<pg.PoolClient> {
    try {
      return await pool.connect();
    } catch (error) {
      throw unavailable(location, error);
    }
  }

  /** Runs `work` on one connection, creating the schema first if this registry has not yet. */
  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    ready ??= createSchema().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    const client = await connect();
    try {
      return await work(client);
    } catch (error) {
      throw isConnectionError(error) ? unavailable(location, error) : error;
    } finally {
      client.release();
    }
  }

  async function createSchema(): Promise<void> {
    const client = await connect();
    try {
      // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog; serialise them.
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('ragship:schema'))");
      const quoted = quoteIdentifier(schema);
      await client.query(SCHEMA_SQL(quoted) + POSTGRES_MONITORING_TABLES(quoted) + POSTGRES_INGESTION_TABLES(quoted));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw isConnectionError(error) ? unavailable(location, error) : error;
    } finally {
      client.release();
    }
  }

  /** A transaction holding `kb`'s advisory lock; committed when `work` resolves, rolled back when it throws. */
  function transaction<T>(kb: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('ragship:' || $1))", [kb]);
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async function rows<T>(client: pg.PoolClient, text: string, values: unknown[] = []): Promise<T[]> {
    return (await client.query(text, values)).rows as T[];
  }
  const read = <T>(text: string, values: unknown[] = []) => withClient((client) => rows<T>(client, text, values));
  const selectVersion = (client: pg.PoolClient, kb: string, version: number) =>
    rows<VersionRow>(client, 'SELECT * FROM versions WHERE kb = $1 AND version = $2', [kb, version]).then(
      (found) => found[0],
    );
  const insertAudit = (client: pg.PoolClient, values: unknown[]) =>
    client.query(
      `INSERT INTO audit_log (at, actor, action, kb, environment, from_version, to_version, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      values,
    );

  return {
    location,
    monitoring: postgresMonitoring({ transaction, read, now }),
    ...postgresIngestions({ transaction, read, now }),

    createVersion(kb, parent, owner) {
      return transaction(kb, async (client) => {
        const [latest] = await rows<{ latest: number | null }>(
          client,
          'SELECT MAX(version) AS latest FROM versions WHERE kb = $1',
          [kb],
        );
        const version = (latest?.latest ?? 0) + 1;
        const createdAt = now();
        await client.query(
          'INSERT INTO versions (kb, version, status, parent, created_at, owner) VALUES ($1, $2, $3, $4, $5, $6)',
          [kb, version, 'building', parent, createdAt, owner ?? null],
        );
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

    async finishVersion(kb, version, status, manifest) {
      const result = await withClient((client) =>
        client.query(
          "UPDATE versions SET status = $1, manifest = $2 WHERE kb = $3 AND version = $4 AND status = 'building'",
          [status, manifest ? JSON.stringify(manifest) : null, kb, version],
        ),
      );
      if (result.rowCount !== 1) throw notBuildingError(kb, version);
    },

    async getVersion(kb, version) {
      const [row] = await read<VersionRow>('SELECT * FROM versions WHERE kb = $1 AND version = $2', [kb, version]);
      return row && toVersion(row);
    },

    async listVersions(kb) {
      return (await read<VersionRow>('SELECT * FROM versions WHERE kb = $1 ORDER BY version DESC', [kb])).map(
        toVersion,
      );
    },

    async listKbs() {
      return (await read<{ kb: string }>('SELECT DISTINCT kb FROM versions ORDER BY kb')).map((row) => row.kb);
    },

    async getAlias(environment, kb) {
      const [row] = await read<AliasRow>('SELECT * FROM aliases WHERE environment = $1 AND kb = $2', [environment, kb]);
      return row && toAlias(row);
    },

    async listAliases() {
      return (await read<AliasRow>('SELECT * FROM aliases ORDER BY environment, kb')).map(toAlias);
    },

    moveAlias(request) {
      return transaction(request.kb, async (client) => {
        const target = await selectVersion(client, request.kb, request.to);
        const [alias] = await rows<AliasRow>(client, 'SELECT * FROM aliases WHERE environment = $1 AND kb = $2', [
          request.environment,
          request.kb,
        ]);
        const current = alias?.version ?? null;
        const refusal = moveAliasRefusal(request, target, current);
        if (refusal) throw refusal;
        const promotedAt = now();
        await client.query(
          `INSERT INTO aliases (environment, kb, version, promoted_at, promoted_by) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (environment, kb) DO UPDATE SET version = excluded.version,
             promoted_at = excluded.promoted_at, promoted_by = excluded.promoted_by`,
          [request.environment, request.kb, request.to, promotedAt, request.actor],
        );
        await insertAudit(client, auditValues(promotedAt, { kind: 'move', request, current }));
        return movedAlias(request, promotedAt);
      });
    },

    recordRefusal(request) {
      return withClient(async (client) => {
        const [row] = await rows<AuditRow>(
          client,
          `INSERT INTO audit_log (at, actor, action, kb, environment, from_version, to_version, details)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          auditValues(now(), { kind: 'refuse', request }),
        );
        return toAudit(row as AuditRow);
      });
    },

    deleteVersion(request) {
      return transaction(request.kb, async (client) => {
        const target = await selectVersion(client, request.kb, request.version);
        const aliasedBy = (
          await rows<{ environment: string }>(
            client,
            'SELECT environment FROM aliases WHERE kb = $1 AND version = $2 ORDER BY environment',
            [request.kb, request.version],
          )
        ).map((row) => row.environment);
        const refusal = deleteVersionRefusal(request, target, aliasedBy);
        if (refusal) throw refusal;
        if (!target || target.status === 'deleted') return;
        const key = [request.kb, request.version];
        await client.query("UPDATE versions SET status = 'deleted' WHERE kb = $1 AND version = $2", key);
        await client.query('DELETE FROM artifacts WHERE kb = $1 AND version = $2', key);
        await client.query('DELETE FROM baselines WHERE kb = $1 AND version = $2', key);
        await insertAudit(client, auditValues(now(), { kind: 'delete', request, status: target.status }));
      });
    },

    async putArtifact(kb, version, name, data) {
      checkArtifactName(name);
      // A copy, so the bytes hashed are the bytes sent even if the caller reuses its buffer meanwhile.
      const copy = Buffer.from(data);
      return transaction(kb, async (client) => {
        // FOR SHARE: a finishVersion racing this write waits for it, or this sees the version finished.
        const [target] = await rows<VersionRow>(
          client,
          'SELECT * FROM versions WHERE kb = $1 AND version = $2 FOR SHARE',
          [kb, version],
        );
        const refusal = putArtifactRefusal(kb, version, target);
        if (refusal) throw refusal;
        const record = newArtifact(kb, version, name, copy, now());
        await client.query(
          `INSERT INTO artifacts (kb, version, name, data, bytes, sha256, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (kb, version, name) DO UPDATE SET data = excluded.data, bytes = excluded.bytes,
             sha256 = excluded.sha256, created_at = excluded.created_at`,
          [kb, version, name, copy, record.bytes, record.sha256, record.createdAt],
        );
        return record;
      });
    },

    async getArtifact(kb, version, name) {
      checkArtifactName(name);
      const [row] = await read<ArtifactDataRow>(
        `SELECT ${ARTIFACT_COLUMNS}, data FROM artifacts WHERE kb = $1 AND version = $2 AND name = $3`,
        [kb, version, name],
      );
      return row && toArtifactData(row);
    },

    async listArtifacts(kb, version) {
      const found = await read<ArtifactRow>(
        `SELECT ${ARTIFACT_COLUMNS} FROM artifacts WHERE kb = $1 AND version = $2 ORDER BY name`,
        [kb, version],
      );
      return found.map(toArtifact);
    },

    async auditLog(filter = {}) {
      const found = await read<AuditRow>(
        `SELECT * FROM audit_log WHERE ($1::text IS NULL OR kb = $1) AND ($2::text IS NULL OR environment = $2)
           AND ($3::text IS NULL OR action = $3)
         ORDER BY id DESC LIMIT $4`,
        [filter.kb ?? null, filter.environment ?? null, filter.action ?? null, filter.limit ?? null],
      );
      return found.map(toAudit);
    },

    async close() {
      await pool.end();
    },
  };
}
