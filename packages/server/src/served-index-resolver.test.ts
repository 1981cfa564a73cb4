import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type Manifest } from '@ragship/core';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createInMemoryVectorStore } from '@ragship/vector-store/testing';
import { createServedIndexResolver, type ServedIndexResolverOptions } from './served-index-resolver.js';

let registry: Registry;

beforeEach(async () => {
  registry = createSqliteRegistry({ file: ':memory:' });
  for (let index = 0; index < 2; index++) {
    const { version } = await registry.createVersion('docs', null);
    const manifest = { kb: 'docs', version: `v${version}`, embedder: { id: 'local', dimensions: 384 }, segments: [] };
    await registry.finishVersion('docs', version, 'ready', manifest as unknown as Manifest);
  }
  await registry.moveAlias({ environment: 'prod', kb: 'docs', expected: null, to: 1, actor: 'a', action: 'promote' });
});
afterEach(() => registry.close());

function resolver(overrides: Partial<ServedIndexResolverOptions> = {}) {
  return createServedIndexResolver({
    registry,
    store: createInMemoryVectorStore(),
    environment: 'prod',
    refreshMs: 20,
    ...overrides,
  });
}

function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error('condition not met in time'));
      }
    }, 5);
  });
}

describe('served index resolver', () => {
  it('when the alias moves, then the timer picks it up without a request and reports the change', async () => {
    const changes: string[] = [];
    const served = resolver({ onChange: ({ from, to }) => changes.push(`${from} → ${to}`) });
    const held = await served.resolve('docs');
    await registry.moveAlias({ environment: 'prod', kb: 'docs', expected: 1, to: 2, actor: 'a', action: 'promote' });
    await waitUntil(() => changes.length === 2);
    expect(changes).toEqual(['null → docs@v1', 'docs@v1 → docs@v2']);
    expect((await served.resolve('docs')).ref).toBe('docs@v2');
    expect(held.ref).toBe('docs@v1');
    served.close();
  });

  it('when the registry cannot be read, then the last known version keeps serving and the error is reported', async () => {
    let clock = 0;
    const failing: Registry = {
      ...registry,
      getAlias: (environment, kb) =>
        clock > 0 ? Promise.reject(new StoreUnavailableError('registry down')) : registry.getAlias(environment, kb),
    };
    const errors: unknown[] = [];
    const served = resolver({
      registry: failing,
      background: false,
      now: () => clock,
      onRefreshError: (_kb, error) => errors.push(error),
    });
    expect((await served.resolve('docs')).ref).toBe('docs@v1');
    clock = 1000;
    expect((await served.resolve('docs')).ref).toBe('docs@v1');
    expect(errors).toEqual([expect.objectContaining({ code: 'STORE_UNAVAILABLE' })]);
  });

  it('when many requests arrive as the alias is due, then the registry is read once', async () => {
    let reads = 0;
    const counting: Registry = {
      ...registry,
      getAlias: (environment, kb) => {
        reads++;
        return registry.getAlias(environment, kb);
      },
    };
    const served = resolver({ registry: counting, background: false, now: () => 0 });
    const all = await Promise.all(Array.from({ length: 20 }, () => served.resolve('docs')));
    expect(new Set(all.map((index) => index.ref))).toEqual(new Set(['docs@v1']));
    expect(reads).toBe(1);
  });

  it('when kbs are promoted to the environment, then the timer opens each before any request and lists them', async () => {
    const { version } = await registry.createVersion('faq', null);
    const manifest = { kb: 'faq', version: `v${version}`, embedder: { id: 'local', dimensions: 384 }, segments: [] };
    await registry.finishVersion('faq', version, 'ready', manifest as unknown as Manifest);
    await registry.moveAlias({ environment: 'prod', kb: 'faq', expected: null, to: 1, actor: 'a', action: 'promote' });
    await registry.moveAlias({ environment: 'dev', kb: 'docs', expected: null, to: 2, actor: 'a', action: 'promote' });
    const opened: string[] = [];
    const served = resolver({ onChange: ({ to }) => opened.push(to) });
    await waitUntil(() => opened.length === 2);
    expect(opened.sort()).toEqual(['docs@v1', 'faq@v1']);
    expect(await served.servedKbs()).toEqual(['docs', 'faq']);
    served.close();
  });

  it('when the aliases cannot be re-read, then the last known list serves and the error is reported once per read', async () => {
    let clock = 0;
    const failing: Registry = {
      ...registry,
      listAliases: () =>
        clock > 0 ? Promise.reject(new StoreUnavailableError('registry down')) : registry.listAliases(),
    };
    const errors: [string | null, unknown][] = [];
    const served = resolver({
      registry: failing,
      background: false,
      now: () => clock,
      onRefreshError: (kb, error) => errors.push([kb, error]),
    });
    expect(await served.servedKbs()).toEqual(['docs']);
    clock = 1000;
    expect(await served.servedKbs()).toEqual(['docs']);
    await expect(served.servedKbs({ fresh: true })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await served.refresh();
    expect(errors.map(([kb]) => kb)).toEqual([null, null]);
  });

  it('when nothing is promoted or the kb is unknown, then the errors say so', async () => {
    const served = resolver({ environment: 'staging', background: false });
    await expect(served.resolve('docs')).rejects.toMatchObject({ code: 'NOTHING_PROMOTED' });
    await expect(served.resolve('faq')).rejects.toMatchObject({ code: 'KB_NOT_FOUND' });
  });

  it('when a kb is unknown or not promoted, then asking again within the refresh interval costs no registry query', async () => {
    const queries: string[] = [];
    const counted: Registry = {
      ...registry,
      getAlias: (...args) => (queries.push('getAlias'), registry.getAlias(...args)),
      listKbs: () => (queries.push('listKbs'), registry.listKbs()),
    };
    const clock = { now: 0 };
    const served = resolver({ registry: counted, background: false, refreshMs: 1000, now: () => clock.now });
    for (let attempt = 0; attempt < 50; attempt++) {
      await expect(served.resolve('nope')).rejects.toMatchObject({ code: 'KB_NOT_FOUND' });
    }
    expect(queries).toEqual(['getAlias', 'listKbs']);
    const { version } = await registry.createVersion('nope', null);
    const manifest = { kb: 'nope', version: 'v1', embedder: { id: 'local', dimensions: 384 }, segments: [] };
    await registry.finishVersion('nope', version, 'ready', manifest as unknown as Manifest);
    await expect(served.resolve('nope')).rejects.toMatchObject({ code: 'KB_NOT_FOUND' });
    clock.now += 1000;
    await expect(served.resolve('nope')).rejects.toMatchObject({ code: 'NOTHING_PROMOTED' });
    await expect(served.resolve('nope')).rejects.toMatchObject({ code: 'NOTHING_PROMOTED' });
    expect(queries).toHaveLength(4);
    await registry.moveAlias({
      environment: 'prod',
      kb: 'nope',
      expected: null,
      to: version,
      actor: 'a',
      action: 'promote',
    });
    clock.now += 1000;
    expect((await served.resolve('nope')).ref).toBe('nope@v1');
    served.close();
  });
});
