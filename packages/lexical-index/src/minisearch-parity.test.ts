import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import MiniSearch, { type Options } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { LEXICAL_ANALYZER, analyze } from './analyze.js';
import { LexicalIndex, type LexicalHit } from './lexical-index.js';
import type { LexicalEntry } from './lexical-entry.js';

// The index replaced MiniSearch (v7, the options below) as its engine; versions built before that
// carry MiniSearch's serialization as their artifact. Both must rank exactly as MiniSearch did: the
// same chunks, scores and coverage to the last bit. The reference search is the earlier code.
const OPTIONS: Options<LexicalEntry> = {
  fields: ['content'],
  idField: 'id',
  extractField: (entry, field) =>
    field === 'content' ? `${entry.title}\n${entry.text}` : (entry as unknown as Record<string, unknown>)[field],
  tokenize: analyze,
  processTerm: (term) => term,
  storeFields: ['metadata'],
  autoVacuum: false,
  searchOptions: { bm25: { k: 1.2, b: 0.75, d: 0 } },
};

function referenceSearch(index: MiniSearch<LexicalEntry>, query: string, limit: number): LexicalHit[] {
  const terms = [...new Set(analyze(query))];
  if (terms.length === 0) return [];
  const results = index.search(query, { combineWith: 'OR' });
  const frequency = new Map<string, number>(terms.map((term) => [term, 0]));
  for (const result of results)
    for (const term of result.queryTerms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [term, count] of frequency)
    idf.set(term, Math.log(1 + (index.documentCount - count + 0.5) / (count + 0.5)));
  const total = terms.reduce((sum, term) => sum + (idf.get(term) ?? 0), 0);
  return results
    .map((result) => {
      const matched = result.queryTerms.length || 1;
      const covered = result.queryTerms.reduce((sum, term) => sum + (idf.get(term) ?? 0), 0);
      return { id: String(result.id), score: result.score / matched, coverage: total > 0 ? covered / total : 0 };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

/** The repository's docs, a paragraph per chunk: a few hundred real chunks, and questions from their lines. */
const docsDir = new URL('../../../docs/', import.meta.url);
const entries: LexicalEntry[] = readdirSync(docsDir)
  .filter((file) => file.endsWith('.md'))
  .flatMap((file) =>
    readFileSync(new URL(file, docsDir), 'utf8')
      .split(/\n\s*\n/)
      .filter((paragraph) => paragraph.trim().length > 40)
      .map((text, at) => ({ id: `${file}#${at}`, title: file, text, metadata: { docId: file } })),
  );
const queries = entries.filter((_, at) => at % 7 === 0).map((entry) => entry.text.split('\n')[0] ?? '');

describe('LexicalIndex against MiniSearch', () => {
  it('when built from the same chunks, then every query ranks the same chunks with the same scores and coverage', () => {
    const reference = new MiniSearch<LexicalEntry>(OPTIONS);
    reference.addAll(entries);
    const index = LexicalIndex.create();
    index.add(entries);
    expect(entries.length).toBeGreaterThan(200);
    for (const query of queries)
      expect(index.search(query, { limit: 50 })).toEqual(referenceSearch(reference, query, 50));
  });

  it('when chunks are replaced and removed, then it still ranks as MiniSearch does after vacuuming', async () => {
    const reference = new MiniSearch<LexicalEntry>(OPTIONS);
    reference.addAll(entries);
    const index = LexicalIndex.create();
    index.add(entries);
    const gone = entries.filter((_, at) => at % 5 === 1).map((entry) => entry.id);
    const changed = entries
      .filter((_, at) => at % 5 === 2)
      .map((entry) => ({ ...entry, text: `${entry.text} Revised.` }));
    for (const id of gone) reference.discard(id);
    for (const entry of changed) reference.replace(entry);
    await reference.vacuum();
    index.remove(gone);
    index.add(changed);
    for (const query of queries)
      expect(index.search(query, { limit: 20 })).toEqual(referenceSearch(reference, query, 20));
  });

  it('when the artifact was written by the MiniSearch index of earlier versions, then it loads and ranks the same', async () => {
    const reference = new MiniSearch<LexicalEntry>(OPTIONS);
    reference.addAll(entries);
    const artifact = gzipSync(JSON.stringify({ analyzer: LEXICAL_ANALYZER, index: reference.toJSON() }));
    const loaded = await LexicalIndex.load(artifact);
    expect(loaded.size).toBe(entries.length);
    for (const query of queries)
      expect(loaded.search(query, { limit: 50 })).toEqual(referenceSearch(reference, query, 50));
    expect(loaded.search('promote staging', { limit: 5, where: { docId: 'promoting.md' } }).length).toBeGreaterThan(0);
  });
});
