// LangChain.js's indexing API as a user would run it for the comparison: index() from
// @langchain/core/indexing with a SQLite record manager, the Chroma vector store of
// @langchain/community, LangChain's RecursiveCharacterTextSplitter with ragship's chunk settings,
// and the very embedder instance ragship uses, wrapped as LangChain Embeddings.
//
// The record manager is written here on node:sqlite: @langchain/community's SQLRecordManager needs
// typeorm with a native SQLite driver, which cannot be built on this machine (see README). It keeps
// the same table and does the same queries (one upsert per key, batched in a transaction), so
// index() does the same work against it.

import { DatabaseSync } from 'node:sqlite';
import { Chroma } from '@langchain/community/vectorstores/chroma';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { RecordManager, index } from '@langchain/core/indexing';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

/** A LangChain record manager over a SQLite file, the schema of LangChain's SQLRecordManager. */
export class NodeSqliteRecordManager extends RecordManager {
  lc_namespace = ['ragship', 'bench'];

  constructor(file, namespace) {
    super();
    this.namespace = namespace;
    this.db = new DatabaseSync(file);
  }

  async createSchema() {
    this.db.exec(`CREATE TABLE IF NOT EXISTS upsertion_records (
      uuid TEXT PRIMARY KEY, key TEXT NOT NULL, namespace TEXT NOT NULL, group_id TEXT, updated_at REAL,
      UNIQUE (key, namespace));
      CREATE INDEX IF NOT EXISTS updated_at_index ON upsertion_records (updated_at);
      CREATE INDEX IF NOT EXISTS group_id_index ON upsertion_records (group_id);`);
  }

  async getTime() {
    return Date.now() / 1000;
  }

  async update(keys, options = {}) {
    const now = await this.getTime();
    if (options.timeAtLeast && now < options.timeAtLeast) throw new Error('time went backwards');
    const groupIds = options.groupIds ?? keys.map(() => null);
    const upsert = this.db.prepare(
      `INSERT INTO upsertion_records (uuid, key, namespace, group_id, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key, namespace) DO UPDATE SET group_id = excluded.group_id, updated_at = excluded.updated_at`,
    );
    this.db.exec('BEGIN');
    keys.forEach((key, at) => upsert.run(crypto.randomUUID(), key, this.namespace, groupIds[at] ?? null, now));
    this.db.exec('COMMIT');
  }

  async exists(keys) {
    if (keys.length === 0) return [];
    const found = new Set();
    for (let start = 0; start < keys.length; start += 500) {
      const batch = keys.slice(start, start + 500);
      const rows = this.db
        .prepare(`SELECT key FROM upsertion_records WHERE namespace = ? AND key IN (${batch.map(() => '?').join(',')})`)
        .all(this.namespace, ...batch);
      for (const row of rows) found.add(row.key);
    }
    return keys.map((key) => found.has(key));
  }

  async listKeys(options = {}) {
    const clauses = ['namespace = ?'];
    const values = [this.namespace];
    if (options.before !== undefined) (clauses.push('updated_at < ?'), values.push(options.before));
    if (options.after !== undefined) (clauses.push('updated_at > ?'), values.push(options.after));
    if (options.groupIds) {
      clauses.push(`group_id IN (${options.groupIds.map(() => '?').join(',')})`);
      values.push(...options.groupIds);
    }
    const limit = options.limit ? ` LIMIT ${Number(options.limit)}` : '';
    return this.db
      .prepare(`SELECT key FROM upsertion_records WHERE ${clauses.join(' AND ')}${limit}`)
      .all(...values)
      .map((row) => row.key);
  }

  async deleteKeys(keys) {
    const remove = this.db.prepare('DELETE FROM upsertion_records WHERE namespace = ? AND key = ?');
    this.db.exec('BEGIN');
    for (const key of keys) remove.run(this.namespace, key);
    this.db.exec('COMMIT');
  }

  close() {
    this.db.close();
  }
}

/** A ragship embedder as LangChain Embeddings, in its batch size: the same vectors, the same instance. */
export class RagshipEmbeddings extends Embeddings {
  constructor(embedder) {
    super({});
    this.embedder = embedder;
  }

  async embedDocuments(texts) {
    const vectors = [];
    for (let start = 0; start < texts.length; start += this.embedder.maxBatchSize) {
      vectors.push(...(await this.embedder.embed(texts.slice(start, start + this.embedder.maxBatchSize))));
    }
    return vectors;
  }

  async embedQuery(text) {
    return (await this.embedder.embed([text]))[0];
  }
}

/** SciFact records split as a LangChain user would: one Document per record, then the splitter. */
export async function splitRecords(records, chunking) {
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: chunking.size, chunkOverlap: chunking.overlap });
  const documents = records.map(
    (record) => new Document({ pageContent: record.text, metadata: { source: record._id, title: record.title } }),
  );
  return splitter.splitDocuments(documents);
}

/**
 * One index() run over `records` into `collection` on the Chroma at `url`: splitting included, as it
 * is part of what the user's pipeline does. Returns LangChain's counts and the wall time.
 */
export async function runLangChainIndex({
  client,
  collection,
  records,
  chunking,
  embeddings,
  recordManager,
  batchSize,
  cleanup,
}) {
  const started = performance.now();
  const docs = await splitRecords(records, chunking);
  // The Chroma class creates collections with Chroma's defaults; the caller creates this one first
  // with the HNSW settings ragship's segments have, so both write into the same kind of index.
  const vectorStore = new Chroma(embeddings, { index: client, collectionName: collection });
  const result = await index({
    docsSource: docs,
    recordManager,
    vectorStore,
    options: { batchSize, ...(cleanup ? { cleanup, sourceIdKey: 'source' } : {}) },
  });
  return { ...result, chunks: docs.length, ms: performance.now() - started };
}
