import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LexicalIndex, type LexicalEntry } from './lexical-index.js';

const entries: LexicalEntry[] = [
  { id: 'a#0', title: 'Rolling back', text: 'Run ragship rollback to move the alias back to the previous version.' },
  { id: 'b#0', title: 'Ingestion', text: 'Ingestion loads documents, validates them and embeds the chunks.' },
  {
    id: 'c#0',
    title: 'Promotion gates',
    text: 'Gates compare eval metrics before the alias moves to the new version.',
  },
  { id: 'd#0', title: 'Vaccines', text: 'Measles vaccination coverage fell in several regions during the pandemic.' },
];

function build(items = entries): LexicalIndex {
  const index = LexicalIndex.create();
  index.add(items);
  return index;
}

describe('LexicalIndex', () => {
  it('when a query shares rare terms with one chunk, then that chunk ranks first and covers the query', () => {
    const [first, ...rest] = build().search('how do I roll back a version?', { limit: 3 });
    expect(first).toMatchObject({ id: 'a#0' });
    expect(first?.coverage).toBeCloseTo(1, 5);
    expect(rest.every((hit) => hit.score < (first?.score ?? 0) && hit.coverage < 1)).toBe(true);
  });

  it('when the title holds the only match, then the chunk is still found', () => {
    expect(build().search('promotion', { limit: 1 })[0]?.id).toBe('c#0');
  });

  it('when the query names nothing the index holds, then nothing is found', () => {
    expect(build().search('chocolate cookie recipe', { limit: 5 })).toEqual([]);
    expect(build().search('the and of', { limit: 5 })).toEqual([]);
  });

  it('when half of the query is unknown to the corpus, then coverage counts the unknown terms heavily', () => {
    const [hit] = build().search('measles recipe', { limit: 1 });
    expect(hit?.id).toBe('d#0');
    expect(hit?.coverage).toBeGreaterThan(0.3);
    expect(hit?.coverage).toBeLessThan(0.6);
  });

  it('when a metadata filter is given, then only chunks whose stored metadata matches are returned', async () => {
    const index = build(
      entries.map((entry) => ({ ...entry, metadata: { docId: entry.id.slice(0, 1), format: 'markdown' } })),
    );
    expect(index.search('alias version', { limit: 5, where: { docId: 'c' } }).map((hit) => hit.id)).toEqual(['c#0']);
    expect(index.search('alias version', { limit: 5, where: { docId: ['a', 'c'], format: 'markdown' } })).toHaveLength(
      2,
    );
    expect(index.search('alias version', { limit: 5, where: { format: 'pdf' } })).toEqual([]);
    const loaded = await LexicalIndex.load(await index.serialize());
    expect(loaded.search('alias version', { limit: 5, where: { docId: 'c' } }).map((hit) => hit.id)).toEqual(['c#0']);
  });

  it('when serialized and loaded, then it finds the same chunks with the same scores', async () => {
    const index = build();
    const loaded = await LexicalIndex.load(await index.serialize());
    expect(loaded.size).toBe(4);
    expect(loaded.search('alias version rollback', { limit: 5 })).toEqual(
      index.search('alias version rollback', { limit: 5 }),
    );
  });

  it('when a loaded index has chunks removed and added, then it ranks like an index built fresh from the result', async () => {
    const changed: LexicalEntry = {
      id: 'b#0',
      title: 'Ingestion',
      text: 'Ingestion re-runs only for changed documents.',
    };
    const added: LexicalEntry = { id: 'e#0', title: 'Garbage collection', text: 'gc deletes unreferenced versions.' };
    const incremental = await LexicalIndex.load(await build().serialize());
    incremental.remove(['a#0', 'b#0', 'missing#0']);
    incremental.add([changed, added]);
    const fresh = build([entries[2] as LexicalEntry, entries[3] as LexicalEntry, changed, added]);
    const reloaded = await LexicalIndex.load(await incremental.serialize());
    for (const query of ['changed documents version', 'rollback alias', 'unreferenced versions gc']) {
      expect(reloaded.search(query, { limit: 5 })).toEqual(fresh.search(query, { limit: 5 }));
    }
    expect(reloaded.has('a#0')).toBe(false);
    expect(reloaded.size).toBe(4);
  });

  it('when the stored index was built by another analyzer, then loading fails and says to re-ingest', async () => {
    const foreign = gzipSync(JSON.stringify({ analyzer: 'whitespace@0', index: {} }));
    await expect(LexicalIndex.load(foreign)).rejects.toThrow(/analyzer whitespace@0.*Re-ingest/);
  });
});
