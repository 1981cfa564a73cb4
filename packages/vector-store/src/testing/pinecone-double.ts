import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { close, parseJson, readBody, send } from './pinecone-double-http.js';
import * as rules from './pinecone-double-rules.js';

/**
 * A local HTTP test double of the part of Pinecone's REST API (version 2026-07) that a vector-store adapter uses,
 * so tests can run the real `@pinecone-database/pinecone` client against it. It is written from Pinecone's public
 * API reference and the request/response models of the 9.0.0 client, not from Pinecone's code: it imitates the
 * documented behaviour (limits, error shapes, eventual consistency), but it is not Pinecone.
 *
 * The control plane (`/indexes`) answers on `controllerUrl`; each index gets its own data-plane server on
 * 127.0.0.1, whose URL is the index's `host`. Only dense serverless indexes (the `_values` field) exist; search is
 * exact and brute force. A request that omits the namespace, or names `''`, addresses `__default__`, as on 2026-07.
 */
export interface PineconeDoubleOptions {
  /** Default 'test-pinecone-key'. Every request must carry it in the `Api-Key` header, else 401. */
  apiKey?: string;
  /** Default 0. Writes (upsert, delete, namespace delete) become visible to reads only after this delay. */
  visibilityDelayMs?: number;
  /** Default 0. A new index reports `{ ready: false, state: 'Initializing' }` until this long after creation. */
  readyAfterMs?: number;
  /** Default 10000. Creating one more namespace (explicitly or by upsert) fails with 400 naming the limit. */
  maxNamespacesPerIndex?: number;
}

export interface PineconeDoubleRequest {
  method: string;
  /** The URL path as sent (still percent-encoded), without the query string. */
  path: string;
  namespace?: string;
  /** The number of vectors in an upsert. */
  vectors?: number;
}

export interface PineconeDouble {
  /** http://127.0.0.1:<port>, the control plane: pass it as `controllerHostUrl`. */
  controllerUrl: string;
  apiKey: string;
  /** Every request received, control and data plane, in order of arrival. */
  requests: PineconeDoubleRequest[];
  /** The next `times` (default 1) requests to `path` (any path if omitted) answer `status` and apply nothing. */
  failNext(failure: { status: number; times?: number; path?: string }): void;
  /** Closes every server the double opened and drops writes not yet visible. */
  stop(): Promise<void>;
}

const API_VERSION = '2026-07';
const DEFAULT_NAMESPACE = '__default__';
const DATA_PATH = /^\/(query|describe_index_stats|namespaces|vectors\/(upsert|fetch|list|delete))$/;
/** Per HTTP status, the control plane's error code and the data plane's gRPC status code. */
const CODES: Record<number, [string, number]> = {
  400: ['INVALID_ARGUMENT', 3],
  401: ['UNAUTHENTICATED', 16],
  403: ['FORBIDDEN', 7],
  404: ['NOT_FOUND', 5],
  405: ['UNKNOWN', 12],
  409: ['ALREADY_EXISTS', 6],
  429: ['RESOURCE_EXHAUSTED', 8],
  500: ['INTERNAL', 13],
  503: ['SERVICE_UNAVAILABLE', 14],
};

type Namespaces = Map<string, Map<string, rules.StoredVector>>;
interface IndexState {
  name: string;
  dimension: number;
  metric: rules.Metric;
  deployment: { deployment_type: 'managed'; cloud: string; region: string };
  createdAt: number;
  host: string;
  server: Server;
  /** Every accepted write, at once: writes are validated against it. */
  applied: Namespaces;
  /** What reads see: each write lands here `visibilityDelayMs` after it was accepted. */
  visible: Namespaces;
}
interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  bytes: number;
  body(): Record<string, unknown>;
}
type Reply = [status: number, body?: unknown];
type Route = (call: Call) => Reply | Promise<Reply>;

const fail = (status: number, message: string) => Object.assign(new Error(message), { status });
const bad = (message: string) => fail(400, message);
const notAllowed = (call: Call) => fail(405, `Method ${call.method} is not allowed on ${call.path}`);
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function startPineconeDouble(options: PineconeDoubleOptions = {}): Promise<PineconeDouble> {
  const apiKey = options.apiKey ?? 'test-pinecone-key';
  const delayMs = options.visibilityDelayMs ?? 0;
  const maxNamespaces = options.maxNamespacesPerIndex ?? 10000;
  const indexes = new Map<string, IndexState>();
  const requests: PineconeDoubleRequest[] = [];
  const failures: { status: number; times: number; path?: string }[] = [];
  const timers = new Set<NodeJS.Timeout>();

  async function serve(plane: 'control' | 'data', route: Route): Promise<[Server, string]> {
    const server = createServer({ maxHeaderSize: 1 << 20 }, (req, res) => void handle(plane, route, req, res));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
  }

  async function handle(plane: 'control' | 'data', route: Route, req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const entry: PineconeDoubleRequest = { method: req.method ?? 'GET', path: url.pathname };
    requests.push(entry);
    try {
      const raw = await readBody(req);
      const parsed = parseJson(raw);
      if (plane === 'data') describeRequest(entry, url.searchParams, parsed);
      if (req.headers['api-key'] !== apiKey) throw fail(401, 'Invalid API Key');
      const version = req.headers['x-pinecone-api-version'];
      if (version !== undefined && version !== API_VERSION) throw bad(`Unsupported API version ${String(version)}`);
      const failure = failures.find((candidate) => candidate.path === undefined || candidate.path === entry.path);
      if (failure && --failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
      if (failure) throw fail(failure.status, `Injected failure (status ${failure.status})`);
      const body = () => {
        if (isObject(parsed)) return parsed;
        throw bad(parsed === undefined ? 'The body is not valid JSON' : 'The body must be a JSON object');
      };
      const [status, reply] = await route({ ...entry, query: url.searchParams, bytes: raw.length, body });
      send(res, status, reply);
    } catch (error) {
      const invalid = error instanceof rules.RecordError || error instanceof URIError;
      const status = invalid ? 400 : ((error as { status?: number }).status ?? 500);
      const message = error instanceof Error ? error.message : String(error);
      const [code, grpcCode] = CODES[status] ?? ['UNKNOWN', 2];
      if (plane === 'control') send(res, status, { error: { code, message }, status });
      // Pinecone's authentication and rate-limiting layer answers in plain text, the service with a google.rpc.Status.
      else send(res, status, status === 401 || status === 429 ? message : { code: grpcCode, message, details: [] });
    }
  }

  function control(call: Call): Reply | Promise<Reply> {
    if (call.path === '/indexes' && call.method === 'GET') return [200, { indexes: [...indexes.values()].map(model) }];
    if (call.path === '/indexes' && call.method === 'POST') return createIndex(call.body());
    if (call.path === '/indexes') throw notAllowed(call);
    const segment = /^\/indexes\/([^/]+)$/.exec(call.path)?.[1];
    if (segment === undefined) throw fail(404, `No route ${call.method} ${call.path}`);
    if (call.method !== 'GET' && call.method !== 'DELETE') throw notAllowed(call);
    const index = indexes.get(decodeURIComponent(segment));
    if (!index) throw fail(404, `Index ${decodeURIComponent(segment)} not found`);
    if (call.method === 'GET') return [200, model(index)];
    indexes.delete(index.name);
    return close(index.server).then((): Reply => [202]);
  }

  async function createIndex(body: Record<string, unknown>): Promise<Reply> {
    const { name, dimension, metric, cloud, region } = rules.parseIndexRequest(body);
    if (indexes.has(name)) throw fail(409, `Index ${name} already exists`);
    const [server, host] = await serve('data', (call) => data(index, call));
    if (indexes.has(name)) await close(server).then(() => Promise.reject(fail(409, `Index ${name} already exists`)));
    const index: IndexState = {
      ...{ name, dimension, metric, deployment: { deployment_type: 'managed', cloud, region } },
      ...{ createdAt: Date.now(), host, server, applied: new Map(), visible: new Map() },
    };
    indexes.set(name, index);
    return [201, model(index)];
  }

  function model({ name, host, createdAt, deployment, dimension, metric }: IndexState) {
    const ready = Date.now() - createdAt >= (options.readyAfterMs ?? 0);
    const status = ready ? { ready: true, state: 'Ready' } : { ready: false, state: 'Initializing' };
    const schema = { fields: { _values: { type: 'dense_vector', dimension, metric } } };
    const readCapacity = { mode: 'OnDemand', status: { state: 'Ready' } };
    return { name, host, status, deployment, read_capacity: readCapacity, schema, deletion_protection: 'disabled' };
  }

  function data(index: IndexState, call: Call): Reply {
    const route = `${call.method} ${call.path}`;
    if (route === 'POST /vectors/upsert') return upsert(index, call);
    if (route === 'POST /query') return query(index, call.body());
    if (route === 'GET /vectors/fetch') return fetchVectors(index, call.query);
    if (route === 'GET /vectors/list') return listVectors(index, call.query);
    if (route === 'POST /vectors/delete') return deleteVectors(index, call.body());
    if (route === 'POST /describe_index_stats') return stats(index, call.body());
    if (route === 'POST /namespaces') return createNamespace(index, call.body());
    if (route === 'GET /namespaces') return listNamespaces(index, call.query);
    const name = /^\/namespaces\/([^/]+)$/.exec(call.path)?.[1];
    if (name !== undefined && call.method === 'GET') return describeNamespace(index, decodeURIComponent(name));
    if (name !== undefined && call.method === 'DELETE') return deleteNamespace(index, decodeURIComponent(name));
    if (name !== undefined || DATA_PATH.test(call.path)) throw notAllowed(call);
    throw fail(404, `No route ${route}`);
  }

  /** Applies a write to the validation state now, and to what reads see now or after the visibility delay. */
  function commit(index: IndexState, write: (namespaces: Namespaces) => void): void {
    write(index.applied);
    if (delayMs <= 0) return write(index.visible);
    const timer = setTimeout(() => {
      timers.delete(timer);
      write(index.visible);
    }, delayMs);
    timers.add(timer);
  }

  function makeRoom(index: IndexState, namespace: string): void {
    if (namespace === DEFAULT_NAMESPACE || index.applied.has(namespace)) return;
    const count = [...index.applied.keys()].filter((name) => name !== DEFAULT_NAMESPACE).length;
    if (count >= maxNamespaces) {
      throw bad(`Cannot create namespace ${namespace}: the index has reached its limit of ${maxNamespaces} namespaces`);
    }
  }

  function upsert(index: IndexState, call: Call): Reply {
    const body = call.body();
    const records = rules.parseUpsert(body, call.bytes, index.dimension);
    const namespace = namespaceOf(body.namespace);
    makeRoom(index, namespace);
    commit(index, (namespaces) => {
      const target = namespaces.get(namespace) ?? namespaces.set(namespace, new Map()).get(namespace)!;
      for (const record of records) target.set(record.id, record);
    });
    return [200, { upsertedCount: records.length }];
  }

  function query(index: IndexState, body: Record<string, unknown>): Reply {
    const { topK, probe, matches, includeValues, includeMetadata } = rules.parseQuery(body, index.dimension);
    const records = index.visible.get(namespaceOf(body.namespace));
    const from = Array.isArray(probe) ? probe : records?.get(probe.id)?.values;
    const candidates = from && records ? [...records.values()].filter((record) => matches(record.metadata)) : [];
    const results = (from ? rules.rank(index.metric, from, candidates, topK) : []).map(
      ({ record: { id, values, metadata }, score }) => ({
        ...{ id, score, values: includeValues ? values : [] },
        ...(includeMetadata && metadata ? { metadata } : {}),
      }),
    );
    return [200, { matches: results, namespace: body.namespace ?? '', usage: { readUnits: 1 } }];
  }

  function fetchVectors(index: IndexState, params: URLSearchParams): Reply {
    const ids = params.getAll('ids');
    if (ids.length === 0) throw bad('ids must name at least one vector');
    if (ids.length > rules.MAX_BATCH)
      throw bad(`Fetch request has ${ids.length} ids, over the limit of ${rules.MAX_BATCH}`);
    const records = index.visible.get(namespaceOf(params.get('namespace')));
    const vectors = Object.fromEntries(ids.flatMap((id) => (records?.has(id) ? [[id, records.get(id)]] : [])));
    return [200, { vectors, namespace: params.get('namespace') ?? '', usage: { readUnits: 1 } }];
  }

  function listVectors(index: IndexState, params: URLSearchParams): Reply {
    const namespace = params.get('namespace') ?? '';
    const records = index.visible.get(namespaceOf(namespace));
    const prefix = params.get('prefix') ?? '';
    const keys = [...(records?.keys() ?? [])].filter((id) => id.startsWith(prefix));
    const [ids, pagination] = rules.paginate(keys, params);
    if (!records) return [200, { vectors: [], namespace }];
    return [200, { vectors: ids.map((id) => ({ id })), ...pagination, namespace, usage: { readUnits: 1 } }];
  }

  function deleteVectors(index: IndexState, body: Record<string, unknown>): Reply {
    const { ids, deleteAll, matches } = rules.parseDelete(body);
    const namespace = namespaceOf(body.namespace);
    if (namespace !== DEFAULT_NAMESPACE && !index.applied.has(namespace)) throw fail(404, 'Namespace not found');
    commit(index, (namespaces) => {
      const target = namespaces.get(namespace);
      if (!target) return;
      if (deleteAll) target.clear();
      for (const id of ids) target.delete(id);
      if (matches) for (const [id, record] of target) if (matches(record.metadata)) target.delete(id);
    });
    return [200, {}];
  }

  function stats(index: IndexState, body: Record<string, unknown>): Reply {
    const matches = body.filter === undefined ? () => true : rules.compileFilter(body.filter);
    const namespaces = Object.fromEntries(
      [...index.visible].map(([name, records]) => {
        const vectorCount = [...records.values()].filter((record) => matches(record.metadata)).length;
        return [name, { vectorCount }];
      }),
    );
    const totalVectorCount = [...index.visible.values()].reduce((sum, records) => sum + records.size, 0);
    const { dimension, metric } = index;
    return [200, { namespaces, dimension, indexFullness: 0, totalVectorCount, metric, vectorType: 'dense' }];
  }

  function createNamespace(index: IndexState, body: Record<string, unknown>): Reply {
    const { name, schema } = body;
    rules.parseNamespaceName(name);
    if (name === DEFAULT_NAMESPACE) throw bad(`${DEFAULT_NAMESPACE} is reserved and cannot be created explicitly`);
    if (index.applied.has(name)) throw fail(409, `Namespace ${name} already exists`);
    makeRoom(index, name);
    index.applied.set(name, new Map());
    if (!index.visible.has(name)) index.visible.set(name, new Map());
    return [201, { name, record_count: '0', ...(schema !== undefined ? { schema } : {}) }];
  }

  function describeNamespace(index: IndexState, name: string): Reply {
    const records = index.visible.get(name);
    if (!records && name !== DEFAULT_NAMESPACE) throw fail(404, 'Namespace not found');
    return [200, { name, record_count: String(records?.size ?? 0) }];
  }

  function listNamespaces(index: IndexState, params: URLSearchParams): Reply {
    const prefix = params.get('prefix') ?? '';
    const names = [...index.visible.keys()].filter((name) => name.startsWith(prefix));
    const [page, pagination] = rules.paginate(names, params);
    const namespaces = page.map((name) => ({ name, record_count: String(index.visible.get(name)!.size) }));
    return [200, { namespaces, ...pagination, total_count: names.length }];
  }

  function deleteNamespace(index: IndexState, name: string): Reply {
    if (!index.applied.has(name) && name !== DEFAULT_NAMESPACE) throw fail(404, 'Namespace not found');
    commit(index, (namespaces) => namespaces.delete(name));
    return [202, {}];
  }

  const [controlServer, controllerUrl] = await serve('control', control);
  return {
    controllerUrl,
    apiKey,
    requests,
    failNext: ({ status, times = 1, path }) => void failures.push({ status, times, ...(path ? { path } : {}) }),
    async stop() {
      timers.forEach(clearTimeout);
      timers.clear();
      const servers = [controlServer, ...[...indexes.values()].map((index) => index.server)];
      indexes.clear();
      await Promise.all(servers.map(close));
    },
  };
}

function namespaceOf(value: unknown): string {
  if (value !== undefined && value !== null && typeof value !== 'string') throw bad('namespace must be a string');
  return typeof value === 'string' && value !== '' ? value : DEFAULT_NAMESPACE;
}

/** Fills in the namespace and upsert size of a data-plane request, for `PineconeDouble.requests`. */
function describeRequest(entry: PineconeDoubleRequest, params: URLSearchParams, body: unknown): void {
  const fromPath = /^\/namespaces\/([^/]+)$/.exec(entry.path)?.[1];
  const fromBody = isObject(body) ? (entry.path === '/namespaces' ? body.name : body.namespace) : undefined;
  const namespace = fromPath !== undefined ? decodeURIComponent(fromPath) : (params.get('namespace') ?? fromBody);
  if (typeof namespace === 'string') entry.namespace = namespace;
  const vectors = isObject(body) && entry.path === '/vectors/upsert' ? body.vectors : undefined;
  if (Array.isArray(vectors)) entry.vectors = vectors.length;
}
