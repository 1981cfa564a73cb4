import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentInterface } from '@langchain/core/documents';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { loadConfig } from '@ragship/core';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { writeTestVersion } from '@ragship/retrieval/testing';
import { createLogger, serveApi, type RunningServer } from '@ragship/server';
import { createChromaVectorStore } from '@ragship/vector-store';
import { RagshipRetriever, type RagshipDocumentMetadata } from './ragship-retriever.js';

/**
 * The retriever against a real ragship API, as `ragship serve` runs it (serveApi: API keys, the
 * alias-following resolver, the local embedder), over a real Chroma server, a SQLite registry and
 * real HTTP. docs@v1 and docs@v2 are ready; dev serves v2.
 */
// An operator's key: pinning a version other than the served one needs the operator role.
const KEY = 'operator-key-int-0123456789';
let workdir: string;
let chroma: TestChroma;
let registry: Registry;
let api: RunningServer;

beforeAll(async () => {
  workdir = mkdtempSync(path.join(tmpdir(), 'ragship-langchain-'));
  chroma = await startTestChroma();
  registry = createSqliteRegistry({ file: path.join(workdir, 'registry.db') });
  const store = createChromaVectorStore({ url: chroma.url });
  await writeTestVersion(registry, store, { 'old.md': 'To roll back an index in the old days, edit the alias table.' });
  await writeTestVersion(registry, store, { 'new.md': 'To roll back an index, run ragship rollback docs --env prod.' });
  await registry.moveAlias({ environment: 'dev', kb: 'docs', expected: null, to: 2, actor: 'int', action: 'promote' });
  const loaded = loadConfig({
    cwd: workdir,
    variables: { RAGSHIP_API_KEYS: JSON.stringify([{ name: 'int', key: KEY, role: 'operator' }]) },
  });
  const config = { ...loaded, api: { ...loaded.api, host: '127.0.0.1', port: 0 } };
  const build = { build: 'int', gitSha: 'int', version: '0.1.0' };
  api = await serveApi({ config, registry, store, logger: createLogger({ name: 'api', level: 'silent' }), build });
});
afterAll(async () => {
  await api?.close(1000);
  await registry?.close();
  await chroma?.stop();
  rmSync(workdir, { recursive: true, force: true });
});

const retriever = (options: Partial<ConstructorParameters<typeof RagshipRetriever>[0]> = {}) =>
  new RagshipRetriever({ url: api.url, apiKey: KEY, ...options });

describe('RagshipRetriever against a running ragship API', () => {
  it('when a LangChain chain retrieves, then the documents are the served version’s chunks, named kb@version', async () => {
    const format = RunnableLambda.from((documents: DocumentInterface<RagshipDocumentMetadata>[]) =>
      documents.map((document) => `[${document.metadata.indexVersion}] ${document.metadata.docId}`).join('\n'),
    );
    const chain = RunnableSequence.from([retriever({ kb: 'docs', environment: 'dev', k: 1 }), format]);

    expect(await chain.invoke('How do I roll back an index?')).toBe('[docs@v2] new.md');
    const [document] = await retriever().invoke('How do I roll back an index?');
    expect(document).toMatchObject({
      pageContent: 'To roll back an index, run ragship rollback docs --env prod.',
      metadata: { docId: 'new.md', kb: 'docs', version: 'v2', indexVersion: 'docs@v2', environment: 'dev' },
    });
  });

  it('when a version is pinned, then that ready version is searched', async () => {
    const documents = await retriever({ version: 'v1' }).invoke('How do I roll back an index?');
    expect(documents.map((document) => [document.metadata.indexVersion, document.metadata.docId])).toEqual([
      ['docs@v1', 'old.md'],
    ]);
  });

  it('when the API serves another environment, then the retriever refuses its documents', async () => {
    await expect(retriever({ environment: 'prod' }).invoke('roll back')).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: `The ragship API at ${api.url} serves environment "dev", not "prod".`,
    });
  });

  it('when the API refuses, then the error carries the API’s code and message', async () => {
    await expect(retriever({ apiKey: undefined }).invoke('roll back')).rejects.toMatchObject({
      status: 401,
      apiCode: 'UNAUTHORIZED',
      message: /^ragship API answered 401 UNAUTHORIZED: /,
    });
    await expect(retriever({ kb: 'handbook' }).invoke('roll back')).rejects.toMatchObject({
      status: 404,
      message: 'ragship API answered 404 KB_NOT_FOUND: Unknown kb "handbook".',
    });
    await expect(retriever({ version: 'v7' }).invoke('roll back')).rejects.toMatchObject({
      status: 404,
      message: 'ragship API answered 404 VERSION_NOT_FOUND: Unknown version docs@v7.',
    });
  });
});
