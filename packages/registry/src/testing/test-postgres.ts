import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test support: a PostgreSQL registry URL in a schema of its own, so tests and runs never see
 * each other's rows. Which server, and whether it must be there, the test entry reads from its
 * environment and passes in ({@link testPostgresSettings}).
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://root@127.0.0.1:5432/test';

/** Where the test PostgreSQL is, and whether a missing one fails the run rather than skipping (CI). */
export interface TestPostgresSettings {
  url: string;
  required: boolean;
}

/** The settings from `RAGSHIP_TEST_DATABASE_URL` (default the local server) and `RAGSHIP_REQUIRE_POSTGRES`. */
export function testPostgresSettings(variables: {
  RAGSHIP_TEST_DATABASE_URL?: string | undefined;
  RAGSHIP_REQUIRE_POSTGRES?: string | undefined;
}): TestPostgresSettings {
  return {
    url: variables.RAGSHIP_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL,
    required: Boolean(variables.RAGSHIP_REQUIRE_POSTGRES),
  };
}

/**
 * Whether the test PostgreSQL answers within two seconds; throws when it does not and the
 * settings require it, so CI cannot pass by skipping.
 */
export async function testPostgresAvailable(settings: TestPostgresSettings): Promise<boolean> {
  const client = new pg.Client({ connectionString: settings.url, connectionTimeoutMillis: 2_000 });
  const reachable = await client
    .connect()
    .then(() => client.query('SELECT 1'))
    .then(
      () => true,
      () => false,
    );
  await client.end().catch(() => undefined);
  if (!reachable && settings.required) {
    throw new Error(`RAGSHIP_REQUIRE_POSTGRES is set but PostgreSQL at ${settings.url} is not reachable.`);
  }
  return reachable;
}

/** A fresh schema name in the test database; `drop()` removes it and everything in it. */
export interface TestPostgresSchema {
  /** Registry URL with `?schema=`. */
  url: string;
  schema: string;
  drop(): Promise<void>;
}

export function createTestPostgresSchema(base: string): TestPostgresSchema {
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
