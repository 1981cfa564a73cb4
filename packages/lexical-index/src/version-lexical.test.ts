import { describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { LEXICAL_ANALYZER } from './analyze.js';
import { LexicalIndex } from './lexical-index.js';
import type { LexicalEntry } from './lexical-entry.js';
import { LEXICAL_ARTIFACT, loadVersionLexical, segmentLexicalArtifact } from './version-lexical.js';

const base: LexicalEntry[] = [
  { id: 'a#0', title: 'Rolling back', text: 'Run ragship rollback to move the alias back.' },
  { id: 'b#0', title: 'Ingestion', text: 'Ingestion loads documents and embeds the chunks.' },
];
const delta: LexicalEntry[] = [{ id: 'b#0', title: 'Ingestion', text: 'Ingestion now validates documents first.' }];

async function bytesOf(entries: readonly LexicalEntry[]): Promise<Uint8Array> {
  const index = LexicalIndex.create();
  index.add(entries);
  return index.serialize();
}

/** A manifest naming only what the loader reads: the segments and the lexical ref. */
function manifestWith(lexical: Manifest['lexical'], segments: Manifest['segments']): Manifest {
  return { kb: 'docs', segments, ...(lexical ? { lexical } : {}) } as Manifest;
}

const ref = (segment: string, position: number, chunks: number) => ({
  segment,
  artifact: segmentLexicalArtifact(position),
  chunks,
  bytes: 0,
  sha256: '',
});

describe('loadVersionLexical', () => {
  it('when a version has a base and a delta, then the merged index serves the delta and not the base chunk it replaced', async () => {
    const artifacts = new Map([
      [segmentLexicalArtifact(0), await bytesOf(base)],
      [segmentLexicalArtifact(1), await bytesOf(delta)],
    ]);
    const manifest = manifestWith({ analyzer: LEXICAL_ANALYZER, segments: [ref('base', 0, 2), ref('delta', 1, 1)] }, [
      { name: 'base', chunks: 2, tombstones: ['b#0'] },
      { name: 'delta', chunks: 1, tombstones: [] },
    ]);
    const index = await loadVersionLexical(manifest, 2, (name) => Promise.resolve(artifacts.get(name)));
    expect(index?.size).toBe(2);
    expect(index?.search('validates', { limit: 5 }).map((hit) => hit.id)).toEqual(['b#0']);
    expect(index?.search('embeds chunks', { limit: 5 })).toEqual([]);
  });

  it('when the manifest is from older ragship, then its one artifact is read, and a version without one has no index', async () => {
    const artifacts = new Map([[LEXICAL_ARTIFACT, await bytesOf(base)]]);
    const read = (name: string) => Promise.resolve(artifacts.get(name));
    const older = { analyzer: LEXICAL_ANALYZER, artifact: LEXICAL_ARTIFACT, bytes: 0, sha256: '' };
    expect((await loadVersionLexical(manifestWith(older, []), 1, read))?.size).toBe(2);
    expect(await loadVersionLexical(manifestWith(undefined, []), 1, read)).toBeNull();
  });

  it('when an artifact the manifest names is missing, then loading fails naming the version and the artifact', async () => {
    const manifest = manifestWith({ analyzer: LEXICAL_ANALYZER, segments: [ref('base', 0, 2)] }, [
      { name: 'base', chunks: 2, tombstones: [] },
    ]);
    await expect(loadVersionLexical(manifest, 3, () => Promise.resolve(undefined))).rejects.toMatchObject({
      code: 'ARTIFACT_MISSING',
      message: expect.stringMatching(/docs@v3.*lexical-index\.0/),
    });
  });
});
