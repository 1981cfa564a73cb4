import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import {
  RagshipError,
  filterableMetadata,
  matchesFilter,
  type Chunk,
  type MetadataFilter,
  type MetadataValue,
} from '@ragship/core';
import { LEXICAL_ANALYZER, analyze } from './analyze.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** What the lexical index holds of a chunk: its id and the words to match. */
export interface LexicalEntry {
  id: string;
  /** The document's title, indexed with every chunk of it (a chunk rarely repeats it). */
  title: string;
  text: string;
  /** The chunk's filterable metadata (see `filterableMetadata`), kept so searches can filter on it. */
  metadata?: Record<string, MetadataValue>;
}

/** What the lexical index keeps of a chunk. */
export function lexicalEntry(chunk: Chunk): LexicalEntry {
  return { id: chunk.id, title: chunk.metadata.title, text: chunk.text, metadata: filterableMetadata(chunk.metadata) };
}

/** One lexical match. */
export interface LexicalHit {
  id: string;
  /** Okapi BM25 (k1 1.2, b 0.75) of the title and text against the query; unbounded, higher is better. */
  score: number;
  /**
   * Share of the query's information the chunk contains: the IDF-weighted fraction of the query's
   * distinct terms found in it, in [0, 1]. Terms the corpus lacks weigh most, so a question about
   * something the index never mentions covers little. The relevance floor is set on this.
   */
  coverage: number;
}

/** Options of {@link LexicalIndex.search}. */
export interface LexicalSearchOptions {
  /** Most hits returned, best first. */
  limit: number;
  /** Keeps only chunks whose stored metadata matches. */
  where?: MetadataFilter;
}

const BM25 = { k: 1.2, b: 0.75, d: 0 };

/** One field: the title and the text together (measured: 0.690 nDCG@10 against 0.670 as two fields). */
const OPTIONS: Options<LexicalEntry> = {
  fields: ['content'],
  idField: 'id',
  // `content` is indexed; `id` and the stored `metadata` are read as they are.
  extractField: (entry, field) =>
    field === 'content' ? `${entry.title}\n${entry.text}` : (entry as unknown as Record<string, unknown>)[field],
  tokenize: analyze,
  processTerm: (term) => term,
  storeFields: ['metadata'],
  autoVacuum: false,
  searchOptions: { bm25: BM25 },
};

/**
 * The BM25 index of one version's chunks (MiniSearch underneath). Built at ingest, incrementally
 * from the parent's index when only some documents changed, stored with the version as a gzip'd
 * artifact, and searched in memory beside the vector store.
 */
export class LexicalIndex {
  private constructor(private readonly index: MiniSearch<LexicalEntry>) {}

  /** An empty index. */
  static create(): LexicalIndex {
    return new LexicalIndex(new MiniSearch<LexicalEntry>(OPTIONS));
  }

  /** Reads an index written by {@link serialize}; refuses one built with another analyzer. */
  static async load(bytes: Uint8Array): Promise<LexicalIndex> {
    const json = (await gunzipAsync(bytes)).toString('utf8');
    const { analyzer, index } = JSON.parse(json) as { analyzer?: string; index?: unknown };
    if (analyzer !== LEXICAL_ANALYZER || index === undefined) {
      throw new RagshipError(
        'LEXICAL_INDEX_INCOMPATIBLE',
        `The lexical index was built with analyzer ${String(analyzer)}; this ragship reads ${LEXICAL_ANALYZER}. Re-ingest to rebuild it.`,
      );
    }
    return new LexicalIndex(MiniSearch.loadJS<LexicalEntry>(index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS));
  }

  /** Number of chunks indexed. */
  get size(): number {
    return this.index.documentCount;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  /** Indexes chunks; an id already present is replaced. */
  add(entries: readonly LexicalEntry[]): void {
    for (const entry of entries) {
      if (this.index.has(entry.id)) this.index.discard(entry.id);
      this.index.add(entry);
    }
  }

  /** Drops chunks by id; ids not present are ignored. */
  remove(ids: Iterable<string>): void {
    for (const id of ids) if (this.index.has(id)) this.index.discard(id);
  }

  /** The best `limit` chunks for `query` by BM25, with their coverage of it. */
  search(query: string, options: LexicalSearchOptions): LexicalHit[] {
    const terms = [...new Set(analyze(query))];
    if (terms.length === 0 || options.limit <= 0) return [];
    const results = this.index.search(query, { combineWith: 'OR' });
    const idf = inverseDocumentFrequencies(results, terms, this.index.documentCount);
    const total = terms.reduce((sum, term) => sum + (idf.get(term) ?? 0), 0);
    const hits: LexicalHit[] = [];
    for (const result of results) {
      const id = String(result.id);
      if (options.where && !matchesFilter((result.metadata ?? {}) as object, options.where)) continue;
      // MiniSearch multiplies by the number of query terms matched; undone, this is plain BM25
      // (measured on SciFact dev: 0.690 nDCG@10 plain against 0.665 with the multiplier).
      const matched = result.queryTerms.length || 1;
      const covered = result.queryTerms.reduce((sum, term) => sum + (idf.get(term) ?? 0), 0);
      hits.push({ id, score: result.score / matched, coverage: total > 0 ? covered / total : 0 });
    }
    return hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, options.limit);
  }

  /** The index as gzip'd JSON, compacted first (removed chunks leave no postings behind). */
  async serialize(): Promise<Uint8Array> {
    if (this.index.dirtCount > 0) await this.index.vacuum({ batchSize: 10_000, batchWait: 0 });
    const json = JSON.stringify({ analyzer: LEXICAL_ANALYZER, index: this.index.toJSON() });
    return new Uint8Array(await gzipAsync(json));
  }
}

/**
 * IDF of every query term, with document frequencies read off the OR search's results (each
 * chunk holding a term is among them), so no second pass over the index is needed.
 */
function inverseDocumentFrequencies(
  results: readonly SearchResult[],
  terms: readonly string[],
  documents: number,
): Map<string, number> {
  const frequency = new Map<string, number>(terms.map((term) => [term, 0]));
  for (const result of results) {
    for (const term of result.queryTerms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  }
  const idf = new Map<string, number>();
  for (const [term, count] of frequency) idf.set(term, Math.log(1 + (documents - count + 0.5) / (count + 0.5)));
  return idf;
}
