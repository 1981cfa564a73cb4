import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LEXICAL_ANALYZER } from './analyze.js';
import { LexicalIndex } from './lexical-index.js';
import type { LexicalEntry } from './lexical-entry.js';
import type { StoredChunk, StoredHead, StoredTerm } from './stored-index.js';

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

  it('when an index spans many compressed blocks and terms hold thousands of chunks, then it is saved line by line and loads with the same scores', async () => {
    // More chunks than a postings line is written in one slice of (4096), so common terms' lines come in pieces.
    const count = 9000;
    const words = [
      'alias',
      'version',
      'rollback',
      'measles',
      'vaccine',
      'gate',
      'ingest',
      'chunk',
      'embedding',
      'região',
    ];
    const many: LexicalEntry[] = Array.from({ length: count }, (_, at) => ({
      id: `doc-${at}#0`,
      title: `Title ${at}`,
      text: Array.from({ length: 40 }, (_, word) => words[(at * 7 + word * 3) % words.length]).join(' ') + ` term${at}`,
      metadata: { docId: `doc-${at}`, language: at % 2 ? 'eng' : 'por' },
    }));
    const index = build(many);
    const bytes = await index.serialize();
    const lines = gunzipSync(bytes).toString('utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ analyzer: LEXICAL_ANALYZER, chunkCount: count });
    expect(lines.length).toBe(1 + count + JSON.parse(lines[0] as string).termCount);
    const loaded = await LexicalIndex.load(bytes);
    expect(loaded.size).toBe(count);
    for (const query of ['alias rollback', 'região vaccine term1234', 'title 42']) {
      expect(loaded.search(query, { limit: 20, where: { language: 'por' } })).toEqual(
        index.search(query, { limit: 20, where: { language: 'por' } }),
      );
    }
  });

  it('when the stored index is one JSON document (ragship before JSON Lines), then it loads with the same scores', async () => {
    const index = build(entries.map((entry) => ({ ...entry, metadata: { docId: entry.id.slice(0, 1) } })));
    const [first, ...rest] = gunzipSync(await index.serialize())
      .toString('utf8')
      .trimEnd()
      .split('\n');
    const head = JSON.parse(first as string) as StoredHead;
    const chunks = rest.slice(0, head.chunkCount).map((line) => JSON.parse(line) as StoredChunk);
    const legacy = gzipSync(
      JSON.stringify({
        analyzer: LEXICAL_ANALYZER,
        chunks: {
          ids: chunks.map(([id]) => id),
          lengths: chunks.map(([, length]) => length),
          metadata: chunks.map(([, , metadata]) => metadata),
          averageLength: head.averageLength,
          postings: rest.slice(head.chunkCount).map((line) => JSON.parse(line) as StoredTerm),
        },
      }),
    );
    const loaded = await LexicalIndex.load(legacy);
    expect(loaded.size).toBe(4);
    expect(loaded.search('alias version rollback', { limit: 5, where: { docId: ['a', 'c'] } })).toEqual(
      index.search('alias version rollback', { limit: 5, where: { docId: ['a', 'c'] } }),
    );
  });

  it('when the stored index is cut short, then loading fails and says it is truncated', async () => {
    const lines = gunzipSync(await build().serialize())
      .toString('utf8')
      .trimEnd()
      .split('\n');
    await expect(LexicalIndex.load(gzipSync(lines.slice(0, -1).join('\n')))).rejects.toThrow(/truncated.*Re-ingest/);
  });

  it('when the stored index was built by another analyzer, then loading fails and says to re-ingest', async () => {
    const foreign = gzipSync(JSON.stringify({ analyzer: 'whitespace@0', index: {} }));
    await expect(LexicalIndex.load(foreign)).rejects.toThrow(/analyzer whitespace@0.*Re-ingest/);
  });
  it('when per-segment indexes are merged without their dead chunks, then they rank as one index built from the live chunks', async () => {
    const edited: LexicalEntry = {
      id: 'b#0',
      title: 'Ingestion',
      text: 'Ingestion now chunks documents before validation.',
    };
    const added: LexicalEntry = {
      id: 'e#0',
      title: 'Drift',
      text: 'Drift signals compare query embeddings over time.',
    };
    const base = build(entries.slice(0, 3));
    const merged = LexicalIndex.merge([
      { index: base, dead: ['a#0'] },
      { index: build([edited, entries[3] as LexicalEntry, added]), dead: [] },
    ]);
    const fresh = build([entries[2] as LexicalEntry, edited, entries[3] as LexicalEntry, added]);
    expect(merged.size).toBe(4);
    expect(merged.has('a#0')).toBe(false);
    for (const query of ['roll back the alias', 'ingestion validates chunks', 'drift of embeddings', 'version']) {
      const hits = merged.search(query, { limit: 5 });
      const expected = fresh.search(query, { limit: 5 });
      expect(hits.map((hit) => hit.id)).toEqual(expected.map((hit) => hit.id));
      hits.forEach((hit, at) => expect(hit.score).toBeCloseTo(expected[at]?.score ?? NaN, 9));
    }
    const reloaded = await LexicalIndex.load(await merged.serialize());
    expect(reloaded.search('ingestion', { limit: 5 })).toEqual(merged.search('ingestion', { limit: 5 }));
  });
});
