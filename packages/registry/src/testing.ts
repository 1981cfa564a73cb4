import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test support: a PostgreSQL registry URL in a schema of its own, so tests and runs never see
 * each other's rows. The server comes from `RAGSHIP_TEST_DATABASE_URL`, default the local one.
 */
export const TEST_DATABASE_URL = process.env.RAGSHIP_TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** Whether the test PostgreSQL answers within two seconds. */
export async function isPostgresReachable(url = TEST_DATABASE_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether a missing PostgreSQL must fail the run rather than skip its tests (CI sets it). */
export const postgresRequired = Boolean(process.env.RAGSHIP_REQUIRE_POSTGRES);

/** A fresh schema name in the test database; `drop()` removes it and everything in it. */
export interface TestPostgresSchema {
  /** Registry URL with `?schema=`. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

export function createTestPostgresSchema(base = TEST_DATABASE_URL): TestPostgresSchema {
  const schema = `ragship_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return {
    url: url.href,
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
