import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@ragship/core';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { createLocalEmbedder } from '@ragship/embeddings';
import { ingest } from '@ragship/ingest';
import { createPostgresRegistry, createSqliteRegistry, type Registry } from '@ragship/registry';
import { createTestPostgresSchema, testPostgresAvailable, testPostgresSettings } from '@ragship/registry/testing';
import { createChromaVectorStore, type VectorStore } from '@ragship/vector-store';
import { promoteVersion } from './promote-version.js';

const testPostgres = testPostgresSettings(process.env);
const postgres = await testPostgresAvailable(testPostgres);

/**
 * Wraps registries so that no `moveAlias` proceeds until `parties` calls have arrived: every
 * promotion has read the alias and is about to flip it, the worst case for compare-and-swap.
 * The registries underneath are real.
 */
function flipTogether(registries: Registry[], parties: number): Registry[] {
  let arrived = 0;
  let release: () => void = () => undefined;
  const everyone = new Promise<void>((resolve) => (release = resolve));
  return registries.map((registry) =>
    Object.assign(Object.create(registry) as Registry, {
      async moveAlias(request: Parameters<Registry['moveAlias']>[0]) {
        if (++arrived === parties) release();
        await everyone;
        return registry.moveAlias(request);
      },
    }),
  );
}

let chroma: TestChroma;
let store: VectorStore;
let directory: string;
beforeAll(async () => {
  chroma = await startTestChroma();
  store = createChromaVectorStore({ url: chroma.url });
  directory = mkdtempSync(path.join(tmpdir(), 'ragship-concurrent-'));
});
afterAll(async () => {
  await chroma?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const backends = [
  {
    name: 'SQLite',
    skip: false,
    open: () => {
      const file = path.join(mkdtempSync(path.join(tmpdir(), 'ragship-registry-')), 'registry.db');
      return { connect: () => createSqliteRegistry({ file }), drop: () => Promise.resolve() };
    },
  },
  {
    name: 'PostgreSQL',
    skip: !postgres,
    open: () => {
      const schema = createTestPostgresSchema(testPostgres.url);
      return { connect: () => createPostgresRegistry({ url: schema.url }), drop: () => schema.drop() };
    },
  },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`concurrent promotions, ${backend.name} registry`, () => {
    // reason: PostgreSQL is not reachable at RAGSHIP_TEST_DATABASE_URL
    it('when two versions are promoted to the same environment at once, then exactly one wins and the other changes nothing', async () => {
      const storage = backend.open();
      const registries = [storage.connect(), storage.connect()];
      const [first] = registries as [Registry, Registry];
      const kb = `race${backend.name.toLowerCase()}`;
      const defaults = parseConfig({}, 'test');
      for (let version = 1; version <= 3; version++) {
        writeFileSync(
          path.join(directory, `${kb}-${version}.md`),
          `# Note ${version}\n\nVersion ${version} of the notes.\n`,
        );
        await ingest({
          directory,
          kb,
          registry: first,
          store,
          environment: 'dev',
          embedder: createLocalEmbedder(),
          chunking: { size: 1000, overlap: 100 },
          validation: defaults.validation,
          ingest: defaults.ingest,
          pipelineVersion: 'test',
        });
      }
      const target = { environment: 'prod', store, gates: {} };
      await promoteVersion({ registry: first, kb, version: 1, target, sources: [], actor: 'setup' });

      const racing = flipTogether(registries, 2);
      const outcomes = await Promise.allSettled(
        [2, 3].map((version, index) =>
          promoteVersion({ registry: racing[index]!, kb, version, target, sources: [], actor: `promoter-${version}` }),
        ),
      );

      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]?.reason).toMatchObject({
        code: 'CONFLICT',
        message: /moved to v[23] while this promote expected v1/,
      });
      const winner = won[0]!.value.to;
      expect(`v${(await first.getAlias('prod', kb))?.version}`).toBe(winner);
      const log = await first.auditLog({ kb, environment: 'prod' });
      expect(log.map((entry) => [entry.from, entry.to])).toEqual([
        [1, Number(winner.slice(1))],
        [null, 1],
      ]);
      await Promise.all(registries.map((registry) => registry.close()));
      await storage.drop();
    });
  });
}
