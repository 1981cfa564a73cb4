import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { createRegistry } from '@ragship/registry';
import { createTestPostgresSchema, testPostgresAvailable, testPostgresSettings } from '@ragship/registry/testing';
import { createVectorStore } from '@ragship/vector-store';
import { readAll, retrieveLoop, switchOf, type Move, type Sample } from './support/promotion-traffic.js';
import { PromotionWorkspace } from './support/promotion-workspace.js';

const testPostgres = testPostgresSettings(process.env);
const postgres = await testPostgresAvailable(testPostgres);

const backends = [
  { name: 'SQLite', skip: false, url: () => ({ url: 'sqlite:.ragship/registry.db', drop: () => Promise.resolve() }) },
  { name: 'PostgreSQL', skip: !postgres, url: () => createTestPostgresSchema(testPostgres.url) },
];

for (const backend of backends) {
  describe.skipIf(backend.skip)(`promotion across two Chroma servers, ${backend.name} registry`, () => {
    // reason: PostgreSQL is not reachable at RAGSHIP_TEST_DATABASE_URL
    let dev: TestChroma;
    let prod: TestChroma;
    let openai: OpenAICompatibleServer;
    let workspace: PromotionWorkspace;
    let registryUrl: { url: string; drop: () => Promise<void> };

    beforeAll(async () => {
      [dev, prod, openai] = await Promise.all([startTestChroma(), startTestChroma(), startOpenAICompatibleServer()]);
      registryUrl = backend.url();
      workspace = new PromotionWorkspace({
        registryUrl: registryUrl.url,
        // staging shares dev's server: environments may share one Chroma or use their own.
        stores: { dev: dev.url, staging: dev.url, prod: prod.url },
        extra: ['retention:', '  keepVersions: 1'],
        prodExtra: ['gates:', '  rejected: { max: 0 }', '  chunks: { maxDrop: 50 }'],
      });
    });
    afterAll(async () => {
      await Promise.all([dev?.stop(), prod?.stop(), openai?.close()]);
      await registryUrl?.drop();
      workspace?.remove();
    });

    it('when dev promotes to prod, then prod holds identical ids, documents, metadata and vectors and its API serves them', async () => {
      expect(await workspace.json(['--env', 'dev', 'ingest', 'docs', '--kb', 'docs'])).toMatchObject({ version: 'v1' });
      const toDev = await workspace.json<Move>(['promote', 'docs@v1', '--to', 'dev']);
      expect(toDev).toMatchObject({ from: null, to: 'v1', copied: 0 });

      const plan = await workspace.json<Move & { segments: { action: string }[] }>([
        'promote',
        'docs',
        '--from',
        'dev',
        '--to',
        'prod',
        '--dry-run',
      ]);
      expect(plan).toMatchObject({ dryRun: true, changed: true, copied: 0 });
      expect(plan.segments.every((segment) => segment.action === 'copy')).toBe(true);
      expect((await workspace.json<{ environments: Record<string, object> }>(['status'])).environments.prod).toEqual(
        {},
      );

      const toProd = await workspace.json<Move>(['promote', 'docs', '--from', 'dev', '--to', 'prod']);
      const manifest = await workspace.json<Manifest>(['show', 'docs@v1']);
      expect(toProd).toMatchObject({ environment: 'prod', from: null, to: 'v1', verifiedDigest: manifest.digest });
      expect(toProd.copied).toBe(manifest.counts.chunks);
      expect(toProd.gates?.map((gate) => [gate.metric, gate.passed])).toEqual([
        ['rejected', true],
        ['chunks', true],
      ]);

      const devStore = createVectorStore({ kind: 'chroma', url: dev.url });
      const prodStore = createVectorStore({ kind: 'chroma', url: prod.url });
      for (const segment of manifest.segments) {
        const [fromDev, inProd] = await Promise.all([
          readAll(devStore, segment.name),
          readAll(prodStore, segment.name),
        ]);
        expect(inProd.length).toBe(segment.chunks);
        expect(inProd).toEqual(fromDev);
      }

      const server = await workspace.serve('prod');
      try {
        const response = await fetch(`${server.url}/v1/retrieve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'How do I roll back an index?' }),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('x-index-version')).toBe('docs@v1');
        const body = (await response.json()) as { results: { docId: string }[] };
        expect(body.results.map((result) => result.docId)).toContain('rolling-back.md');
        expect(await (await fetch(`${server.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
      } finally {
        await server.stop();
      }
    });

    it('when prod is promoted v1→v2 and rolled back under retrieve traffic, then no request fails and each switch shows within 5 s', async () => {
      workspace.writeDoc('retention.md', '# Retention\n\nragship gc keeps the newest versions and deletes the rest.\n');
      expect(await workspace.json(['--env', 'dev', 'ingest', 'docs', '--kb', 'docs'])).toMatchObject({ version: 'v2' });
      await workspace.json(['promote', 'docs@v2', '--to', 'dev']);

      const server = await workspace.serve('prod');
      const samples: Sample[] = [];
      let running = true;
      const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      // 4 clients for about 20 s: 2 s on v1, promote, 8 s on v2, roll back, 8 s on v1.
      const clients = Array.from({ length: 4 }, () => retrieveLoop(server.url, () => running, samples));
      try {
        await sleep(2000);
        const promoted = await workspace.json<Move>(['promote', 'docs', '--from', 'dev', '--to', 'prod']);
        const promotedAt = Date.now();
        expect(promoted).toMatchObject({ from: 'v1', to: 'v2' });
        await sleep(8000);
        const rollbackStartedAt = Date.now();
        const rolledBack = await workspace.json<Move>(['rollback', 'docs', '--env', 'prod']);
        const rolledBackAt = Date.now();
        expect(rolledBack).toMatchObject({ from: 'v2', to: 'v1', changed: true });
        expect(rolledBack.durationMs).toBeLessThan(1000);
        await sleep(8000);
        running = false;
        await Promise.all(clients);
        const until = Date.now();

        expect(samples.length).toBeGreaterThan(100);
        expect(samples.filter((sample) => sample.status !== 200)).toEqual([]);
        expect(new Set(samples.map((sample) => sample.version))).toEqual(new Set(['docs@v1', 'docs@v2']));
        // The alias flips before the rollback command exits: v2's window ends when the command starts.
        const up = switchOf(samples, 'docs@v2', promotedAt, rollbackStartedAt);
        const down = switchOf(samples, 'docs@v1', rolledBackAt, until);
        expect(up.visibleAfterMs).toBeLessThanOrEqual(5000);
        expect(down.visibleAfterMs).toBeLessThanOrEqual(5000);
        expect([up.settledOthers, down.settledOthers]).toEqual([0, 0]);
        console.info(
          `${backend.name}: ${samples.length} retrieves by 4 clients; ` +
            `v2 served ${up.visibleAfterMs} ms after promote returned, ` +
            `v1 ${down.visibleAfterMs} ms after rollback returned; rollback took ${rolledBack.durationMs} ms`,
        );
        expect(up.settledCount).toBeGreaterThan(0);
        expect(down.settledCount).toBeGreaterThan(0);
      } finally {
        running = false;
        await Promise.all(clients);
        expect(await server.stop()).toBe(0);
      }
    });

    it('when a version is building, failed, embedded differently or fails a gate, then promotion is refused and prod is unchanged', async () => {
      const prodNow = async () =>
        (await workspace.json<{ environments: Record<string, Record<string, { version: string }>> }>(['status']))
          .environments.prod?.docs?.version;
      expect(await prodNow()).toBe('v1');

      const registry = createRegistry(registryUrl.url, workspace.dir);
      const building = await registry.createVersion('docs', 2, 'elsewhere:1');
      const failed = await registry.createVersion('docs', 2, 'elsewhere:2');
      await registry.finishVersion('docs', failed.version, 'failed', null);
      await registry.close();
      for (const [version, state] of [
        [building.version, 'building'],
        [failed.version, 'failed'],
      ] as const) {
        const refused = await workspace.cli(['promote', `docs@v${version}`, '--to', 'prod']);
        expect(refused.code, refused.stderr).toBe(1);
        expect(refused.stderr).toMatch(new RegExp(`docs@v${version} is ${state}, not ready`));
      }
      // The "building" run crashed, as far as the next ingest is concerned.
      const cleanup = createRegistry(registryUrl.url, workspace.dir);
      await cleanup.finishVersion('docs', building.version, 'failed', null);
      await cleanup.close();

      const other = workspace.writeConfig('openai.yaml', {
        registryUrl: registryUrl.url,
        stores: { dev: dev.url, staging: dev.url, prod: prod.url },
        extra: ['embedder: openai:text-embedding-3-small'],
      });
      // A local OpenAI-compatible double stands in for the embedding API: another embedder, offline.
      const openaiEnv = { OPENAI_BASE_URL: openai.baseUrl, OPENAI_API_KEY: 'test-key' };
      const reembedded = await workspace.json<{ version: string }>(
        ['--config', other, '--env', 'dev', 'ingest', 'docs', '--kb', 'docs'],
        openaiEnv,
      );
      const mismatch = await workspace.cli(['promote', `docs@${reembedded.version}`, '--to', 'prod']);
      expect(mismatch.code, mismatch.stderr).toBe(1);
      expect(mismatch.stderr).toMatch(
        /serves docs@v1 embedded with local\/\d+; docs@v\d+ was embedded with openai:text-embedding-3-small\/1536/,
      );

      workspace.writeDoc('empty.md', '');
      const rejected = await workspace.json<{ version: string }>(['--env', 'dev', 'ingest', 'docs', '--kb', 'docs']);
      workspace.removeDoc('empty.md');
      const gated = await workspace.cli(['promote', `docs@${rejected.version}`, '--to', 'prod', '--json']);
      expect(gated.code, gated.stderr).toBe(3);
      expect(gated.stderr).toMatch(
        /1 of 2 quality gates refused: rejected 1 > max 0 \(over by 1\)\. Nothing changed\./,
      );
      expect(JSON.parse(gated.stdout)).toMatchObject({
        error: {
          code: 'GATE_REFUSED',
          gates: [
            { metric: 'rejected', passed: false, value: 1, threshold: 0 },
            { metric: 'chunks', passed: true },
          ],
        },
      });

      expect(await prodNow()).toBe('v1');
    });

    it('when history is asked for, then every promote, rollback and gate refusal of prod is listed with actor and gate results', async () => {
      const history = await workspace.json<
        {
          action: string;
          actor: string;
          environment: string;
          from: string | null;
          to: string;
          details: { gates?: unknown[] };
        }[]
      >(['history', 'docs', '--env', 'prod']);
      expect(history.map((entry) => [entry.action, entry.from, entry.to])).toEqual([
        ['refuse', 'v1', expect.stringMatching(/^v\d+$/)],
        ['rollback', 'v2', 'v1'],
        ['promote', 'v1', 'v2'],
        ['promote', null, 'v1'],
      ]);
      expect(history.every((entry) => entry.actor === 'e2e' && entry.environment === 'prod')).toBe(true);
      expect(history[0]?.details.gates).toHaveLength(2);
      expect(history[2]?.details.gates).toHaveLength(2);
      const status = await workspace.json<{ environments: { prod: { docs: object } } }>(['status']);
      expect(status.environments.prod.docs).toMatchObject({ version: 'v1', promotedBy: 'e2e', previous: null });
    });

    it('when gc runs, then failed and unreferenced old versions go from the registry and every store, and served ones stay', async () => {
      const versions = await workspace.json<{ version: string; status: string }[]>(['versions', 'docs']);
      const newest = versions.find((item) => item.status === 'ready')!.version;
      const unreferenced = versions
        .filter((item) => item.status === 'ready' && !['v1', 'v2', newest].includes(item.version))
        .map((item) => item.version);
      expect(unreferenced.length).toBeGreaterThan(0);
      const doomed = await Promise.all(
        unreferenced.map((version) => workspace.json<Manifest>(['show', `docs@${version}`])),
      );

      const plan = await workspace.json<{ deleted: { version: string }[] }>(['gc', '--dry-run']);
      const result = await workspace.json<{
        deleted: { version: string; reasons: string[] }[];
        kept: { version: string; reasons: string[] }[];
        segments: { environment: string; deleted: string[] }[];
        errors: unknown[];
      }>(['gc']);
      expect(plan.deleted).toEqual(result.deleted);
      expect(result.errors).toEqual([]);
      const deleted = result.deleted.map((item) => item.version);
      expect(deleted).toEqual(
        expect.arrayContaining([
          ...unreferenced,
          ...versions.filter((item) => item.status === 'failed').map((item) => item.version),
        ]),
      );
      expect(deleted).not.toContain('v1');
      expect(deleted).not.toContain('v2');
      expect(deleted).not.toContain(newest);

      const devStore = createVectorStore({ kind: 'chroma', url: dev.url });
      const prodStore = createVectorStore({ kind: 'chroma', url: prod.url });
      const kept = await workspace.json<Manifest>(['show', 'docs@v1']);
      for (const segment of kept.segments) {
        expect(await devStore.hasSegment(segment.name)).toBe(true);
        expect(await prodStore.hasSegment(segment.name)).toBe(true);
      }
      for (const manifest of doomed) {
        for (const segment of manifest.segments.filter(
          (item) => !kept.segments.some((other) => other.name === item.name),
        )) {
          expect(await devStore.hasSegment(segment.name)).toBe(false);
        }
      }
      const refused = await workspace.cli(['promote', `docs@${unreferenced[0]}`, '--to', 'prod']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/is deleted, not ready/);
      expect(
        (await workspace.json<{ version: string; status: string }[]>(['versions', 'docs'])).find(
          (item) => item.version === 'v1',
        )?.status,
      ).toBe('ready');
      const again = await workspace.json<{ deleted: unknown[] }>(['gc']);
      expect(again.deleted).toEqual([]);
    });
  });
}
