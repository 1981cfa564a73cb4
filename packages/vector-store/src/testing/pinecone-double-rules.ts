/**
 * The request rules of the Pinecone test double (see `pinecone-double.ts`), apart from its HTTP plumbing: what a
 * create-index, upsert, query, delete or list request may carry, the metadata filter evaluator and exact ranking.
 * Written from Pinecone's public API reference (https://docs.pinecone.io/reference/api/2026-07) and the 2026-07
 * models of the 9.0.0 client; it is a double, not Pinecone. Where the reference is silent, a record that lacks a
 * field matches `$ne` and `$nin` on it (as in MongoDB).
 */

export type MetadataValue = string | number | boolean | string[];
export type Metadata = Record<string, MetadataValue>;
export type MetadataPredicate = (metadata: Metadata | undefined) => boolean;
export const METRICS = ['cosine', 'dotproduct', 'euclidean'] as const;
export type Metric = (typeof METRICS)[number];

/** A stored record: values are float32, as Pinecone keeps them. */
export interface StoredVector {
  id: string;
  values: number[];
  metadata?: Metadata;
}

/** Pinecone's limits: vectors or ids per request, bytes per upsert request, metadata bytes per record. */
export const MAX_BATCH = 1000;
export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;
export const MAX_METADATA_BYTES = 40960;

/** A request that Pinecone rejects with 400; the message names the problem. */
export class RecordError extends Error {
  override name = 'RecordError';
}

type Scalar = string | number | boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : typeof value;

/** Checks that `values` is a list of `dimension` finite numbers and returns them as float32. */
function checkValues(values: unknown, dimension: number, what: string): number[] {
  if (!Array.isArray(values) || !values.every((value) => typeof value === 'number' && Number.isFinite(value))) {
    throw new RecordError(`${what} values must be a list of finite numbers`);
  }
  if (values.length !== dimension) {
    throw new RecordError(`${what} dimension ${values.length} does not match the dimension of the index ${dimension}`);
  }
  return values.map(Math.fround);
}

/**
 * Checks one upserted vector: an id of 1-512 characters, `dimension` values of which at least one has a magnitude
 * of 1e-8 or more, and metadata of strings, finite numbers, booleans or lists of strings, under field names that do
 * not begin with `$`, serialising to at most {@link MAX_METADATA_BYTES}.
 */
function toStoredVector(vector: unknown, position: number, dimension: number): StoredVector {
  if (!isObject(vector)) throw new RecordError(`vectors[${position}] must be an object`);
  const { id, values = [], metadata } = vector;
  if (typeof id !== 'string' || id.length < 1 || id.length > 512) {
    throw new RecordError(`Vector ID must be 1-512 characters long (vectors[${position}])`);
  }
  const stored = checkValues(values, dimension, 'Vector');
  if (stored.every((value) => Math.abs(value) < 1e-8)) {
    throw new RecordError(`Dense vector ${id} must contain at least one non-zero value`);
  }
  if (metadata === undefined) return { id, values: stored };
  if (!isObject(metadata)) throw new RecordError(`Metadata of vector ${id} must be an object, got ${kindOf(metadata)}`);
  for (const [field, value] of Object.entries(metadata)) {
    if (field.startsWith('$')) throw new RecordError(`Metadata field ${field} of vector ${id} may not begin with '$'`);
    if (!isScalar(value) && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
      const expected = 'a string, number, boolean or list of strings';
      throw new RecordError(
        `Metadata value for field ${field} of vector ${id} must be ${expected}, got ${kindOf(value)}`,
      );
    }
  }
  const size = Buffer.byteLength(JSON.stringify(metadata), 'utf8');
  if (size > MAX_METADATA_BYTES) {
    const limit = `the limit of ${MAX_METADATA_BYTES} bytes`;
    throw new RecordError(`Metadata size is ${size} bytes per vector, which exceeds ${limit} (vector ${id})`);
  }
  return { id, values: stored, metadata: metadata as Metadata };
}

const INDEX_NAME = /^[a-z0-9]([a-z0-9-]{0,43}[a-z0-9])?$/;

/** A create-index request: a valid name and one dense `_values` field, deployed as a managed (serverless) index. */
export function parseIndexRequest(body: Record<string, unknown>) {
  const { name, schema, deployment = { deployment_type: 'managed' } } = body;
  if (typeof name !== 'string' || !INDEX_NAME.test(name)) {
    const rule = 'must be 1-45 characters long, start and end with an alphanumeric character, and consist only of';
    throw new RecordError(
      `Invalid index name ${JSON.stringify(name)}: the name ${rule} lower case alphanumeric characters or '-'`,
    );
  }
  const { _values: field, ...others } = isObject(schema) && isObject(schema.fields) ? schema.fields : {};
  if (!isObject(field) || field.type !== 'dense_vector' || Object.keys(others).length > 0) {
    throw new RecordError(
      'The schema must declare one field, `_values` of type dense_vector: the double serves no other',
    );
  }
  const { dimension, metric } = field;
  if (typeof dimension !== 'number' || !Number.isInteger(dimension) || dimension < 1 || dimension > 20000) {
    throw new RecordError(`Dimension must be an integer from 1 to 20000, got ${JSON.stringify(dimension)}`);
  }
  if (!METRICS.includes(metric as Metric)) throw new RecordError(`Metric must be one of ${METRICS.join(', ')}`);
  const { deployment_type: type, cloud = 'aws', region = 'us-east-1' } = isObject(deployment) ? deployment : {};
  if (type !== 'managed' || typeof cloud !== 'string' || typeof region !== 'string') {
    throw new RecordError('The double serves only managed deployments, with a cloud and a region');
  }
  return { name, dimension, metric: metric as Metric, cloud, region };
}

/** A namespace name: 1-512 ASCII characters, without NUL. */
export function parseNamespaceName(name: unknown): asserts name is string {
  // eslint-disable-next-line no-control-regex -- Pinecone allows every ASCII character but NUL.
  if (typeof name !== 'string' || !/^[\x01-\x7f]{1,512}$/.test(name)) {
    throw new RecordError('A namespace name must be 1-512 ASCII characters long, without NUL');
  }
}

/** The records of an upsert; one bad vector rejects the whole request. */
export function parseUpsert(body: Record<string, unknown>, bytes: number, dimension: number): StoredVector[] {
  if (bytes > MAX_REQUEST_BYTES) {
    throw new RecordError(
      `Request size is ${bytes} bytes, which exceeds the limit of ${MAX_REQUEST_BYTES} bytes (2 MB)`,
    );
  }
  const { vectors } = body;
  if (!Array.isArray(vectors) || vectors.length === 0) throw new RecordError('vectors must be a non-empty list');
  if (vectors.length > MAX_BATCH) {
    throw new RecordError(`Upsert request has ${vectors.length} vectors, which exceeds the limit of ${MAX_BATCH}`);
  }
  return vectors.map((vector: unknown, position) => toStoredVector(vector, position, dimension));
}

export interface ParsedQuery {
  topK: number;
  /** The query vector, or the id of the record whose values are the query vector. */
  probe: number[] | { id: string };
  matches: MetadataPredicate;
  includeValues: boolean;
  includeMetadata: boolean;
}

export function parseQuery(body: Record<string, unknown>, dimension: number): ParsedQuery {
  const { topK, id, vector, filter } = body;
  const includeValues = body.includeValues === true;
  const includeMetadata = body.includeMetadata === true;
  if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1 || topK > 10000) {
    throw new RecordError(`topK must be an integer from 1 to 10000, got ${JSON.stringify(topK)}`);
  }
  if ((includeValues || includeMetadata) && topK > 1000) {
    throw new RecordError(`topK must be at most 1000 when includeValues or includeMetadata is true, got ${topK}`);
  }
  if ((id === undefined) === (vector === undefined)) throw new RecordError('Exactly one of vector or id must be given');
  if (id !== undefined && typeof id !== 'string') throw new RecordError('id must be a string');
  const probe = typeof id === 'string' ? { id } : checkValues(vector, dimension, 'Query vector');
  const matches = filter === undefined ? () => true : compileFilter(filter);
  return { topK, probe, matches, includeValues, includeMetadata };
}

export function parseDelete(body: Record<string, unknown>): {
  ids: string[];
  deleteAll: boolean;
  matches?: MetadataPredicate;
} {
  const { ids, deleteAll, filter } = body;
  if ([ids !== undefined, deleteAll === true, filter !== undefined].filter(Boolean).length !== 1) {
    throw new RecordError('Exactly one of ids, deleteAll or filter must be given');
  }
  if (ids !== undefined && (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string'))) {
    throw new RecordError('ids must be a list of strings');
  }
  if (Array.isArray(ids) && ids.length > MAX_BATCH)
    throw new RecordError(`Delete request has more than ${MAX_BATCH} ids`);
  const parsed = { ids: Array.isArray(ids) ? ids : [], deleteAll: deleteAll === true };
  return filter === undefined ? parsed : { ...parsed, matches: compileFilter(filter) };
}

/** One page of `keys` in bitwise order after `paginationToken`, with `pagination.next` when more follow. */
export function paginate(keys: Iterable<string>, params: URLSearchParams) {
  const limit = Number(params.get('limit') ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new RecordError('limit must be from 1 to 100');
  const token = params.get('paginationToken');
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : undefined;
  if (token && (!after || Buffer.from(after).toString('base64url') !== token)) {
    throw new RecordError(`Invalid pagination token ${token}`);
  }
  const rest = [...keys].filter((key) => after === undefined || key > after).sort();
  const page = rest.slice(0, limit);
  const next = rest.length > limit ? { pagination: { next: Buffer.from(page.at(-1)!).toString('base64url') } } : {};
  return [page, next] as const;
}

/**
 * Exact search: cosine similarity and dot product rank descending, euclidean (squared L2 distance) ascending;
 * ties go to the smaller id. Scores are float32.
 */
export function rank(metric: Metric, probe: readonly number[], records: Iterable<StoredVector>, topK: number) {
  const scored = [...records].map((record) => ({
    record,
    score: Math.fround(similarity(metric, probe, record.values)),
  }));
  const order = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
    (metric === 'euclidean' ? a.score - b.score : b.score - a.score) || (a.record.id < b.record.id ? -1 : 1);
  return scored.sort(order).slice(0, topK);
}

function similarity(metric: Metric, a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  let distance = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    normA += x * x;
    normB += y * y;
    distance += (x - y) * (x - y);
  }
  if (metric === 'dotproduct') return dot;
  if (metric === 'euclidean') return distance;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * Compiles a Pinecone metadata filter into a predicate, rejecting a malformed one with {@link RecordError}.
 * Supports `{field: value}` (implicit `$eq`), `$eq $ne $gt $gte $lt $lte $in $nin $exists`, several operators on
 * one field (all must hold), `$and`/`$or` lists, and several top-level keys (all must hold). On a list-of-strings
 * value, `$eq`/`$in` match when any element matches and `$ne`/`$nin` when none does. Ranges apply to numbers only.
 */
export function compileFilter(filter: unknown, where = 'filter'): MetadataPredicate {
  if (!isObject(filter)) throw new RecordError(`${where} must be an object, got ${kindOf(filter)}`);
  const parts = Object.entries(filter).map(([key, value]): MetadataPredicate => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        throw new RecordError(`${key} in ${where} must be a non-empty list of filters`);
      }
      const clauses = value.map((clause, index) => compileFilter(clause, `${key}[${index}]`));
      return key === '$and'
        ? (metadata) => clauses.every((clause) => clause(metadata))
        : (metadata) => clauses.some((clause) => clause(metadata));
    }
    if (key.startsWith('$')) throw new RecordError(`Unknown filter operator ${key} in ${where}`);
    if (isScalar(value)) return compileOperator(key, '$eq', value);
    if (!isObject(value) || Object.keys(value).length === 0) {
      throw new RecordError(
        `Filter on field ${key} must be a string, number, boolean or operators, got ${kindOf(value)}`,
      );
    }
    const checks = Object.entries(value).map(([operator, operand]) => compileOperator(key, operator, operand));
    return (metadata) => checks.every((check) => check(metadata));
  });
  return (metadata) => parts.every((part) => part(metadata));
}

function compileOperator(field: string, operator: string, operand: unknown): MetadataPredicate {
  const valueOf = (metadata: Metadata | undefined): MetadataValue | undefined =>
    metadata && Object.hasOwn(metadata, field) ? metadata[field] : undefined;
  const anyElement = (metadata: Metadata | undefined, test: (item: Scalar) => boolean): boolean => {
    const value = valueOf(metadata);
    return value !== undefined && (Array.isArray(value) ? value.some(test) : test(value));
  };
  const needs = (expected: string) =>
    new RecordError(`${operator} on field ${field} needs ${expected}, got ${kindOf(operand)}`);
  switch (operator) {
    case '$eq':
    case '$ne': {
      if (!isScalar(operand)) throw needs('a string, number or boolean');
      const equal = (metadata: Metadata | undefined) => anyElement(metadata, (item) => item === operand);
      return operator === '$eq' ? equal : (metadata) => !equal(metadata);
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand) || !operand.every(isScalar)) throw needs('a list of strings, numbers or booleans');
      const set = new Set<Scalar>(operand);
      const member = (metadata: Metadata | undefined) => anyElement(metadata, (item) => set.has(item));
      return operator === '$in' ? member : (metadata) => !member(metadata);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (typeof operand !== 'number' || !Number.isFinite(operand)) throw needs('a number');
      const ranges: Record<string, (value: number) => boolean> = {
        $gt: (value) => value > operand,
        $gte: (value) => value >= operand,
        $lt: (value) => value < operand,
        $lte: (value) => value <= operand,
      };
      const holds = ranges[operator]!;
      return (metadata) => {
        const value = valueOf(metadata);
        return typeof value === 'number' && holds(value);
      };
    }
    case '$exists':
      if (typeof operand !== 'boolean') throw needs('a boolean');
      return (metadata) => (valueOf(metadata) !== undefined) === operand;
    default:
      throw new RecordError(`Unknown filter operator ${operator} on field ${field}`);
  }
}
