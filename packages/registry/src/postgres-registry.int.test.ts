import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresRegistry, parsePostgresUrl } from './postgres-registry.js';
import {
  registryContract,
  createTestPostgresSchema,
  testPostgresAvailable,
  testPostgresSettings,
  type TestPostgresSchema,
} from './testing.js';

const testPostgres = testPostgresSettings(process.env);
const reachable = await testPostgresAvailable(testPostgres);

const schemas: TestPostgresSchema[] = [];
afterAll(async () => {
  await Promise.all(schemas.map((schema) => schema.drop()));
});

describe.skipIf(!reachable)('postgres registry', () => {
  // reason: no PostgreSQL reachable at RAGSHIP_TEST_DATABASE_URL
  registryContract('postgres', () => {
    const schema = createTestPostgresSchema(testPostgres.url);
    schemas.push(schema);
    return {
      open: () => Promise.resolve(createPostgresRegistry({ url: schema.url })),
      openAgain: () => createPostgresRegistry({ url: schema.url }),
    };
  });

  it('when two registries open a fresh schema at once, then both create it without colliding', async () => {
    const schema = createTestPostgresSchema(testPostgres.url);
    schemas.push(schema);
    const registries = [createPostgresRegistry({ url: schema.url }), createPostgresRegistry({ url: schema.url })];
    await Promise.all(registries.map((registry) => registry.listKbs()));
    await Promise.all(registries.map((registry) => registry.close()));
  });
});

describe('postgres registry without a server', () => {
  it('when the server cannot be reached, then calls fail as unavailable and name the URL without its password', async () => {
    const registry = createPostgresRegistry({ url: 'postgres://alice:secret@127.0.0.1:1/test' });
    const failure = registry.listKbs();
    await expect(failure).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(failure).rejects.toThrow(/postgres:\/\/alice:\*\*\*@127\.0\.0\.1:1\/test/);
    await expect(failure).rejects.not.toThrow(/secret/);
    expect(registry.location).not.toMatch(/secret/);
    await registry.close();
  });

  it('when the schema is not a plain identifier, then the URL is refused as a config error', () => {
    expect(() => parsePostgresUrl('postgres://a@h/db?schema=x;drop')).toThrow(/not a plain identifier/);
    expect(parsePostgresUrl('postgres://a@h/db?schema=team_a')).toMatchObject({
      schema: 'team_a',
      connectionString: 'postgres://a@h/db',
    });
  });
});
