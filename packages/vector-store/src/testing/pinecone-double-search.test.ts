import { Errors } from '@pinecone-database/pinecone';
import { afterEach, describe, expect, it } from 'vitest';
import { ids, rejection, stopDouble, vector, withIndex } from './pinecone-double-harness.js';

// The real Pinecone client against the double: these tests pin the wire format the client speaks.
afterEach(stopDouble);

describe('vectors', () => {
  it.each([
    ['cosine', ['a', 'b', 'c'], [1, Math.fround(Math.SQRT1_2), 0]],
    ['dotproduct', ['b', 'a', 'c'], [4, 2, 0]],
    ['euclidean', ['a', 'c', 'b'], [0, 6, 10]],
  ] as const)(
    'when a %s index is queried, then matches come best first with exact scores',
    async (metric, order, scores) => {
      const { index } = await withIndex({ metric });
      await index.upsert({ records: [vector('a', [1, 1, 0]), vector('b', [4, 0, 0]), vector('c', [0, 0, 2])] });
      const { matches } = await index.query({ topK: 3, vector: [1, 1, 0] });
      expect(ids(matches)).toEqual(order);
      matches.forEach((match, position) => expect(match.score).toBeCloseTo(scores[position]!, 6));
    },
  );

  it('when a vector is upserted again, then it replaces the stored one', async () => {
    const { index } = await withIndex();
    await index.upsert({ records: [vector('a', [1, 0, 0], { v: 1 })] });
    await index.upsert({ records: [vector('a', [0, 1, 0], { v: 2 })] });
    const { records } = await index.fetch({ ids: ['a'] });
    expect(records.a).toEqual({ id: 'a', values: [0, 1, 0], metadata: { v: 2 } });
  });

  it('when a query asks for values and metadata, then matches carry them, and otherwise only ids and scores', async () => {
    const { index } = await withIndex();
    await index.upsert({ records: [vector('a', [0.5, 0.25, 0], { genre: 'drama' }), vector('b', [0, 1, 0])] });
    const full = await index.query({ topK: 2, vector: [1, 0, 0], includeValues: true, includeMetadata: true });
    expect(full.matches[0]).toEqual({
      id: 'a',
      score: expect.any(Number),
      values: [0.5, 0.25, 0],
      metadata: { genre: 'drama' },
    });
    expect(full.matches[1]?.metadata).toBeUndefined();
    const bare = await index.query({ topK: 2, vector: [1, 0, 0] });
    expect(bare.matches[0]).toEqual({ id: 'a', score: expect.any(Number), values: [] });
    expect(full.usage).toEqual({ readUnits: 1 });
  });

  it('when querying by id, then the stored vector is the probe', async () => {
    const { index } = await withIndex();
    await index.upsert({ records: [vector('a', [1, 0, 0]), vector('b', [0, 1, 0]), vector('c', [1, 0.1, 0])] });
    expect(ids((await index.query({ topK: 2, id: 'a' })).matches)).toEqual(['a', 'c']);
    expect((await index.query({ topK: 2, id: 'missing' })).matches).toEqual([]);
  });

  it('when a query breaks a limit, then it is a bad request; when its namespace is missing, it matches nothing', async () => {
    const { index } = await withIndex();
    await index.upsert({ records: [vector('a')] });
    const probe = [1, 0, 0];
    expect((await rejection(index.query({ topK: 10001, vector: probe }))).message).toMatch(/topK/);
    const wide = await rejection(index.query({ topK: 1001, vector: probe, includeMetadata: true }));
    expect(wide).toBeInstanceOf(Errors.PineconeBadRequestError);
    expect(wide.message).toMatch(/at most 1000/);
    expect((await rejection(index.query({ topK: 1, vector: [1, 0] }))).message).toMatch(
      'Query vector dimension 2 does not match the dimension of the index 3',
    );
    expect((await index.namespace('elsewhere').query({ topK: 1, vector: probe })).matches).toEqual([]);
    await expect(index.query({ topK: 1000, vector: probe, includeValues: true })).resolves.toBeDefined();
  });
});

describe('metadata filters', () => {
  const catalogue = [
    vector('r1', [1, 0, 0], { genre: 'drama', year: 2019, tags: ['a', 'b'], draft: false }),
    vector('r2', [1, 0, 0], { genre: 'comedy', year: 2021, tags: ['b', 'c'], draft: true }),
    vector('r3', [1, 0, 0], { genre: 'drama', year: 2023, tags: ['c'] }),
    vector('r4', [1, 0, 0], { year: 2020 }),
  ];

  it.each([
    [{ genre: 'drama' }, ['r1', 'r3']],
    [{ year: 2019 }, ['r1']],
    [{ genre: { $eq: 'drama' } }, ['r1', 'r3']],
    [{ genre: { $ne: 'drama' } }, ['r2', 'r4']],
    [{ year: { $gt: 2020 } }, ['r2', 'r3']],
    [{ year: { $gte: 2020, $lt: 2023 } }, ['r2', 'r4']],
    [{ year: { $lte: 2019 } }, ['r1']],
    [{ genre: { $in: ['comedy', 'horror'] } }, ['r2']],
    [{ genre: { $nin: ['comedy'] } }, ['r1', 'r3', 'r4']],
    [{ tags: 'b' }, ['r1', 'r2']],
    [{ tags: { $in: ['a', 'c'] } }, ['r1', 'r2', 'r3']],
    [{ tags: { $nin: ['c'] } }, ['r1', 'r4']],
    [{ tags: { $ne: 'b' } }, ['r3', 'r4']],
    [{ draft: true }, ['r2']],
    [{ genre: { $exists: false } }, ['r4']],
    [{ draft: { $exists: true } }, ['r1', 'r2']],
    [{ $and: [{ genre: 'drama' }, { year: { $gt: 2020 } }] }, ['r3']],
    [{ $or: [{ genre: 'comedy' }, { year: 2019 }] }, ['r1', 'r2']],
    [{ genre: 'drama', draft: false }, ['r1']],
    [{ $or: [{ $and: [{ genre: 'drama' }, { tags: 'c' }] }, { year: { $lt: 2020 } }] }, ['r1', 'r3']],
  ])('when filtering with %j, then exactly the matching records come back', async (filter, expected) => {
    const { index } = await withIndex();
    await index.upsert({ records: catalogue });
    const { matches } = await index.query({ topK: 10, vector: [1, 0, 0], filter });
    expect(ids(matches).sort()).toEqual(expected);
  });

  it.each([
    [{ genre: { $regex: 'dr' } }, /Unknown filter operator \$regex/],
    [{ $not: { genre: 'drama' } }, /Unknown filter operator \$not/],
    [{ genre: { $in: 'drama' } }, /\$in on field genre needs a list/],
    [{ year: { $gt: '2020' } }, /\$gt on field year needs a number/],
    [{ $and: { genre: 'drama' } }, /\$and .* must be a non-empty list/],
    [{ genre: ['drama'] }, /Filter on field genre/],
  ])('when the filter is %j, then the query is a bad request naming the problem', async (filter, message) => {
    const { index } = await withIndex();
    await index.upsert({ records: catalogue });
    const error = await rejection(index.query({ topK: 10, vector: [1, 0, 0], filter }));
    expect(error).toBeInstanceOf(Errors.PineconeBadRequestError);
    expect(error.message).toMatch(message);
  });
});

describe('fetch and list', () => {
  it('when more than 100 ids are listed, then pages follow in sorted order and the last has no pagination', async () => {
    const { index } = await withIndex();
    const all = Array.from({ length: 250 }, (_, n) => `id-${String(n).padStart(3, '0')}`);
    await index.upsert({ records: [...all].reverse().map((id) => vector(id)) });
    const pages: string[][] = [];
    let paginationToken: string | undefined;
    do {
      const page = await index.listPaginated(paginationToken ? { paginationToken } : {});
      pages.push((page.vectors ?? []).map((item) => item.id!));
      paginationToken = page.pagination?.next;
    } while (paginationToken);
    expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(pages.flat()).toEqual(all);
    const first = await index.listPaginated({ prefix: 'id-1', limit: 30 });
    expect(first.vectors?.map((item) => item.id)).toEqual(all.slice(100, 130));
    const next = await index.listPaginated({ prefix: 'id-1', limit: 30, paginationToken: first.pagination!.next });
    expect(next.vectors?.[0]?.id).toBe('id-130');
    for (const limit of [0, 101])
      expect(await rejection(index.listPaginated({ limit }))).toBeInstanceOf(Errors.PineconeBadRequestError);
    expect(await index.namespace('elsewhere').listPaginated()).toMatchObject({ vectors: [], pagination: undefined });
  });

  it('when ids are fetched, then the stored ones come back with values and metadata and missing ones are left out', async () => {
    const { index } = await withIndex();
    await index.upsert({ records: Array.from({ length: 125 }, (_, n) => vector(`v${n}`, [n + 1, 0, 0], { n })) });
    const wanted = Array.from({ length: 150 }, (_, n) => `v${n}`);
    const { records } = await index.fetch({ ids: wanted });
    expect(Object.keys(records)).toHaveLength(125);
    expect(records.v7).toEqual({ id: 'v7', values: [8, 0, 0], metadata: { n: 7 } });
    expect(records.v130).toBeUndefined();
    const tooMany = Array.from({ length: 1001 }, (_, n) => `v${n}`);
    expect((await rejection(index.fetch({ ids: tooMany }))).message).toMatch(/1000/);
  });
});
