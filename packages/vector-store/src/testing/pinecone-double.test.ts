import { Errors, Pinecone } from '@pinecone-database/pinecone';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ids, rejection, serverless, sleep, start, stopDouble, vector, withIndex } from './pinecone-double-harness.js';

// The real Pinecone client against the double: these tests pin the wire format the client speaks.
afterEach(stopDouble);

describe('control plane', () => {
  it('when an index is created, then describe and list return its model and its host serves the data plane', async () => {
    const { pc } = await start();
    const created = await pc.indexes.create({ name: 'docs', dimension: 3, metric: 'dotproduct', spec: serverless });
    expect(created).toMatchObject({
      name: 'docs',
      host: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as string,
      status: { ready: true, state: 'Ready' },
      deployment: { deploymentType: 'managed', cloud: 'aws', region: 'us-east-1' },
      schema: { fields: { _values: { type: 'dense_vector', dimension: 3, metric: 'dotproduct' } } },
      deletionProtection: 'disabled',
    });
    // The client's legacy accessors derive from the 2026-07 model.
    expect([created.dimension, created.metric, created.vectorType]).toEqual([3, 'dotproduct', 'dense']);
    expect(created.spec).toMatchObject({
      serverless: { cloud: 'aws', region: 'us-east-1', readCapacity: { mode: 'OnDemand' } },
    });
    expect(await pc.indexes.describe('docs')).toMatchObject({ name: 'docs', host: created.host });
    expect((await pc.indexes.list()).indexes?.map((index) => index.name)).toEqual(['docs']);
    expect(await pc.index({ host: created.host }).describeIndexStats()).toMatchObject({ totalRecordCount: 0 });
  });

  it('when an index is deleted, then it is not found and its host stops answering', async () => {
    const { pc, index } = await withIndex();
    await pc.indexes.delete('ix');
    expect(await rejection(pc.indexes.describe('ix'))).toBeInstanceOf(Errors.PineconeNotFoundError);
    expect(await rejection(pc.indexes.delete('ix'))).toBeInstanceOf(Errors.PineconeNotFoundError);
    expect((await pc.indexes.list()).indexes).toEqual([]);
    expect(await rejection(index.describeIndexStats())).toBeInstanceOf(Errors.PineconeConnectionError);
  });

  it('when an index name is taken, then creating it again conflicts unless conflicts are suppressed', async () => {
    const { pc } = await withIndex();
    const options = { name: 'ix', dimension: 3, metric: 'cosine', spec: serverless } as const;
    const conflict = await rejection(pc.indexes.create(options));
    expect(conflict).toBeInstanceOf(Errors.PineconeConflictError);
    expect(conflict.message).toMatch(/409.*ix already exists/);
    await expect(pc.indexes.create({ ...options, suppressConflicts: true })).resolves.toBeUndefined();
  });

  it.each(['Docs', '-docs', 'docs-', 'my_docs', 'a'.repeat(46)])(
    'when the index name is %j, then creation is a bad request naming the rule',
    async (name) => {
      const { pc } = await start();
      const error = await rejection(pc.indexes.create({ name, dimension: 3, metric: 'cosine', spec: serverless }));
      expect(error).toBeInstanceOf(Errors.PineconeBadRequestError);
      expect(error.message).toMatch(/1-45 characters long, start and end with an alphanumeric character/);
      expect((await pc.indexes.list()).indexes).toEqual([]);
    },
  );

  it.each([
    [{ dimension: 20001, metric: 'cosine' }, /Dimension must be an integer from 1 to 20000/],
    [{ dimension: 0, metric: 'cosine' }, /Dimension/],
    [{ dimension: 3, metric: 'hamming' }, /Metric must be one of cosine, dotproduct, euclidean/],
  ])('when the dense field is %j, then creation is a bad request', async (field, message) => {
    const { pc } = await start();
    const schema = { fields: { _values: { type: 'dense_vector', ...field } } } as never;
    const error = await rejection(pc.indexes.create({ name: 'ix', schema }));
    expect(error).toBeInstanceOf(Errors.PineconeBadRequestError);
    expect(error.message).toMatch(message);
  });

  it('when the API key is wrong, then both planes reject the call as unauthorized', async () => {
    const { double, pc } = await start();
    const { host } = await pc.indexes.create({ name: 'ix', dimension: 3, metric: 'cosine', spec: serverless });
    const intruder = new Pinecone({ apiKey: 'wrong', controllerHostUrl: double.controllerUrl, maxRetries: 0 });
    expect(await rejection(intruder.indexes.list())).toBeInstanceOf(Errors.PineconeAuthorizationError);
    const query = intruder.index({ host }).query({ topK: 1, vector: [1, 0, 0] });
    expect(await rejection(query)).toBeInstanceOf(Errors.PineconeAuthorizationError);
  });

  it('when a call takes an unknown route, a wrong method or a body that is not JSON, then it is refused', async () => {
    const { double, pc } = await start();
    const { host } = await pc.indexes.create({ name: 'ix', dimension: 3, metric: 'cosine', spec: serverless });
    const call = (url: string, method = 'GET', body?: string) =>
      fetch(url, { method, body, headers: { 'Api-Key': double.apiKey, 'Content-Type': 'application/json' } });
    const unknown = await call(`${double.controllerUrl}/collections-of-things`);
    expect([unknown.status, await unknown.json()]).toEqual([404, expect.objectContaining({ status: 404 })]);
    expect((await call(`${double.controllerUrl}/indexes`, 'PUT')).status).toBe(405);
    const garbled = await call(`${host}/vectors/upsert`, 'POST', '{"vectors": [');
    expect([garbled.status, await garbled.json()]).toEqual([400, expect.objectContaining({ code: 3 })]);
    expect((await call(`${host}/vectors/upsert`)).status).toBe(405);
    expect((await call(`${host}/vectors/nowhere`)).status).toBe(404);
  });
});

describe('stats and namespaces', () => {
  it('when records are spread over namespaces, then stats count each namespace and the total', async () => {
    const { index } = await withIndex();
    await index.upsert({ records: ['a', 'b', 'c'].map((id) => vector(id, [1, 0, 0], { even: id === 'b' })) });
    await index.namespace('ns-a').upsert({ records: [vector('x'), vector('y')] });
    expect(await index.describeIndexStats()).toEqual({
      namespaces: { __default__: { recordCount: 3 }, 'ns-a': { recordCount: 2 } },
      dimension: 3,
      indexFullness: 0,
      totalRecordCount: 5,
    });
    const filtered = await index.describeIndexStats({ filter: { even: true } });
    expect([filtered.namespaces, filtered.totalRecordCount]).toEqual([
      { __default__: { recordCount: 1 }, 'ns-a': { recordCount: 0 } },
      5,
    ]);
  });

  it('when a namespace is created, described, listed and deleted, then the namespaces API shows each step', async () => {
    const { index } = await withIndex();
    expect(await index.createNamespace({ name: 'alpha' })).toMatchObject({ name: 'alpha', recordCount: '0' });
    expect(await rejection(index.createNamespace({ name: 'alpha' }))).toBeInstanceOf(Errors.PineconeConflictError);
    await index.namespace('alpha').upsert({ records: [vector('a'), vector('b')] });
    await index.createNamespace({ name: 'beta gamma/x' });
    expect(await index.describeNamespace('alpha')).toMatchObject({ name: 'alpha', recordCount: '2' });
    expect(await index.describeNamespace('beta gamma/x')).toMatchObject({ recordCount: '0' });
    expect((await rejection(index.createNamespace({ name: 'δ' }))).message).toMatch(/ASCII/);
    const first = await index.listNamespaces({ limit: 1 });
    expect(first).toMatchObject({ namespaces: [{ name: 'alpha', recordCount: '2' }], totalCount: 2 });
    const second = await index.listNamespaces({ limit: 1, paginationToken: first.pagination!.next });
    expect([second.namespaces?.map((ns) => ns.name), second.pagination]).toEqual([['beta gamma/x'], undefined]);
    await index.deleteNamespace('alpha');
    expect(await rejection(index.describeNamespace('alpha'))).toBeInstanceOf(Errors.PineconeNotFoundError);
    expect(await rejection(index.deleteNamespace('alpha'))).toBeInstanceOf(Errors.PineconeNotFoundError);
    expect((await index.listNamespaces()).namespaces?.map((ns) => ns.name)).toEqual(['beta gamma/x']);
  });

  it('when records are deleted by id, by filter and all at once, then only the rest remain and the namespace stays', async () => {
    const { index } = await withIndex();
    const shelf = index.namespace('shelf');
    await shelf.upsert({
      records: ['a', 'b', 'c', 'd'].map((id) => vector(id, [1, 0, 0], { keep: id === 'd' ? 'yes' : 'no' })),
    });
    await shelf.deleteOne({ id: 'a' });
    await shelf.deleteMany({ ids: ['b', 'zzz'] });
    await shelf.deleteMany({ filter: { keep: 'no' } });
    expect(Object.keys((await shelf.fetch({ ids: ['a', 'b', 'c', 'd'] })).records)).toEqual(['d']);
    await shelf.deleteAll();
    expect(await index.describeNamespace('shelf')).toMatchObject({ recordCount: '0' });
    const missing = await rejection(index.namespace('nowhere').deleteAll());
    expect(missing).toBeInstanceOf(Errors.PineconeNotFoundError);
  });

  it('when the namespace limit is reached, then one more namespace, explicit or by upsert, is a bad request', async () => {
    const { index } = await withIndex({ maxNamespacesPerIndex: 2 });
    await index.createNamespace({ name: 'one' });
    await index.namespace('two').upsert({ records: [vector('a')] });
    await index.upsert({ records: [vector('a')] });
    for (const attempt of [
      index.createNamespace({ name: 'three' }),
      index.namespace('three').upsert({ records: [vector('a')] }),
    ]) {
      const error = await rejection(attempt);
      expect(error).toBeInstanceOf(Errors.PineconeBadRequestError);
      expect(error.message).toMatch(/limit of 2 namespaces/);
    }
    expect((await index.listNamespaces()).totalCount).toBe(3);
  });
});

describe('upsert limits', () => {
  const fine = vector('fine');
  it.each([
    [
      '1001 vectors',
      Array.from({ length: 1001 }, (_, n) => vector(`v${n}`)),
      /1001 vectors, which exceeds the limit of 1000/,
    ],
    [
      'a body over 2 MB',
      Array.from({ length: 60 }, (_, n) => vector(`v${n}`, [1, 0, 0], { text: 'x'.repeat(36000) })),
      /Request size is \d+ bytes, which exceeds the limit of 2097152 bytes/,
    ],
    [
      'metadata over 40960 bytes',
      [fine, vector('big', [1, 0, 0], { text: 'x'.repeat(40950) })],
      /Metadata size is 40961 bytes per vector, which exceeds the limit of 40960 bytes/,
    ],
    [
      'a vector of the wrong dimension',
      [fine, vector('long', [1, 0, 0, 0])],
      /Vector dimension 4 does not match the dimension of the index 3/,
    ],
    [
      'a null metadata value',
      [fine, vector('null', [1, 0, 0], { a: null } as never)],
      /field a of vector null .* got null/,
    ],
    ['a nested metadata object', [fine, vector('nested', [1, 0, 0], { a: { b: 1 } } as never)], /got an object/],
    ['a list of numbers as metadata', [fine, vector('numbers', [1, 0, 0], { a: [1, 2] } as never)], /list of strings/],
    ['a metadata field named $x', [fine, vector('dollar', [1, 0, 0], { $x: 'y' })], /may not begin with '\$'/],
    ['an id over 512 characters', [fine, vector('i'.repeat(513))], /1-512 characters/],
    ['an all-zero vector', [fine, vector('zero', [0, 0, 0])], /at least one non-zero value/],
  ])(
    'when an upsert carries %s, then the whole request is rejected and nothing is applied',
    async (_, records, message) => {
      const { index } = await withIndex();
      const error = await rejection(index.namespace('target').upsert({ records }));
      expect(error).toBeInstanceOf(Errors.PineconeBadRequestError);
      expect(error.message).toMatch(message);
      expect(await index.describeIndexStats()).toMatchObject({ namespaces: {}, totalRecordCount: 0 });
    },
  );
});

describe('eventual consistency', () => {
  it('when visibilityDelayMs is set, then each write is hidden from reads until the delay has passed', async () => {
    const { index } = await withIndex({ visibilityDelayMs: 150 });
    const shelf = index.namespace('shelf');
    await shelf.upsert({ records: [vector('a'), vector('b')] });
    expect((await shelf.fetch({ ids: ['a'] })).records).toEqual({});
    expect((await shelf.query({ topK: 5, vector: [1, 0, 0] })).matches).toEqual([]);
    expect((await index.describeIndexStats()).totalRecordCount).toBe(0);
    expect(await rejection(index.describeNamespace('shelf'))).toBeInstanceOf(Errors.PineconeNotFoundError);
    await shelf.deleteOne({ id: 'a' }); // Accepted at once: the namespace exists for writes.
    await sleep(200);
    expect(ids((await shelf.query({ topK: 5, vector: [1, 0, 0] })).matches)).toEqual(['b']);
    expect(await index.describeNamespace('shelf')).toMatchObject({ recordCount: '1' });
    await shelf.deleteAll();
    expect((await shelf.listPaginated()).vectors).toEqual([{ id: 'b' }]);
    await sleep(200);
    expect((await shelf.listPaginated()).vectors).toEqual([]);
  });
});

describe('failure injection', () => {
  it('when failNext injects a 503, then the next call fails without applying anything and the one after succeeds', async () => {
    const { double, index } = await withIndex();
    double.failNext({ status: 503 });
    // With maxRetries 0 the client reports an exhausted retry budget for any 5xx.
    expect(await rejection(index.upsert({ records: [vector('a')] }))).toBeInstanceOf(
      Errors.PineconeMaxRetriesExceededError,
    );
    expect((await index.describeIndexStats()).totalRecordCount).toBe(0);
    await index.upsert({ records: [vector('a')] });
    expect((await index.describeIndexStats()).totalRecordCount).toBe(1);
  });

  it('when failNext names a path and a count, then only that path fails, that many times', async () => {
    const { double, pc, index } = await withIndex();
    double.failNext({ status: 429, times: 2, path: '/query' });
    await index.upsert({ records: [vector('a')] });
    for (let n = 0; n < 2; n++) {
      const error = await rejection(index.query({ topK: 1, vector: [1, 0, 0] }));
      expect([error.name, error.message]).toEqual(['PineconeUnmappedHttpError', expect.stringMatching(/429/)]);
    }
    expect(ids((await index.query({ topK: 1, vector: [1, 0, 0] })).matches)).toEqual(['a']);
    double.failNext({ status: 500, path: '/indexes' });
    expect(await rejection(pc.indexes.list())).toBeInstanceOf(Errors.PineconeMaxRetriesExceededError);
    expect((await pc.indexes.list()).indexes).toHaveLength(1);
  });

  it('when the client may retry, then an injected 5xx is retried and the call succeeds', async () => {
    const { double, pc } = await start({}, 1);
    const { host } = await pc.indexes.create({ name: 'ix', dimension: 3, metric: 'cosine', spec: serverless });
    double.failNext({ status: 503, path: '/vectors/upsert' });
    await pc
      .index({ host })
      .namespace('ns')
      .upsert({ records: [vector('a'), vector('b')] });
    const upserts = double.requests.filter((request) => request.path === '/vectors/upsert');
    expect(upserts).toEqual([
      { method: 'POST', path: '/vectors/upsert', namespace: 'ns', vectors: 2 },
      { method: 'POST', path: '/vectors/upsert', namespace: 'ns', vectors: 2 },
    ]);
    expect(double.requests.slice(0, 1)).toEqual([{ method: 'POST', path: '/indexes' }]);
  });
});

describe('readiness', () => {
  it('when readyAfterMs is set, then a new index reports Initializing until that time has passed', async () => {
    const { pc } = await start({ readyAfterMs: 100 });
    const created = await pc.indexes.create({ name: 'slow', dimension: 3, metric: 'cosine', spec: serverless });
    expect(created.status).toEqual({ ready: false, state: 'Initializing' });
    await sleep(120);
    expect((await pc.indexes.describe('slow')).status).toEqual({ ready: true, state: 'Ready' });
  });

  it('when create waits until ready, then it polls describe until the index is Ready', async () => {
    const { double, pc } = await start({ readyAfterMs: 50 });
    const describes = () => double.requests.filter((request) => request.path === '/indexes/slow').length;
    // The client sleeps 5 s between polls; fake only setTimeout so that sleep can be skipped.
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const creating = pc.indexes.create({
      name: 'slow',
      dimension: 3,
      metric: 'cosine',
      spec: serverless,
      waitUntilReady: true,
    });
    const started = Date.now();
    while (describes() < 1 || Date.now() - started < 60) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(5000);
    const model = await creating;
    expect(model.status).toEqual({ ready: true, state: 'Ready' });
    expect(describes()).toBe(2);
  });
});
