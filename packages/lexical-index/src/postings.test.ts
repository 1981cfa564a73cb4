import { describe, expect, it } from 'vitest';
import { Postings } from './postings.js';

describe('Postings', () => {
  it('when numbers need one to five bytes, then they decode as pushed', () => {
    const pushed: [doc: number, frequency: number][] = [
      [0, 1],
      [1, 127],
      [127, 128],
      [128, 255],
      [300, 16_383],
      [16_384, 16_384],
      [2_097_152, 3],
      [268_435_456, 1],
      [4_000_000_000, 2_000_000],
    ];
    const docs = pushed.map(([doc]) => doc);
    const frequencies = pushed.map(([, frequency]) => frequency);
    const postings = new Postings(2);
    for (const [doc, frequency] of pushed) postings.push(doc, frequency);
    expect(postings.length).toBe(docs.length);
    const decoded = postings.decode();
    expect(Array.from(decoded.docs)).toEqual(docs);
    expect(Array.from(decoded.frequencies)).toEqual(frequencies);
    const { gaps } = postings.gaps();
    expect(Array.from(Postings.fromGaps(gaps, frequencies).decode().docs)).toEqual(docs);
  });

  it('when scratch arrays are too short, then decode returns new ones instead of writing past them', () => {
    const postings = new Postings();
    for (let doc = 0; doc < 100; doc++) postings.push(doc * 3, 1);
    const short = new Uint32Array(10);
    const { docs } = postings.decode(short, new Uint32Array(10));
    expect(docs).not.toBe(short);
    expect(docs[99]).toBe(297);
  });

  it('when compacted, then dead chunks are dropped and the live ones renumbered in order', () => {
    const postings = new Postings();
    [2, 5, 7, 9].forEach((doc) => postings.push(doc, doc * 10));
    const renumber = Int32Array.from([0, -1, 1, -1, -1, 2, -1, -1, -1, 3]);
    const kept = postings.compacted(renumber).decode();
    expect(Array.from(kept.docs)).toEqual([1, 2, 3]);
    expect(Array.from(kept.frequencies)).toEqual([20, 50, 90]);
  });

  it('when gaps are written into scratch arrays, then the first length entries are the gaps', () => {
    const postings = new Postings();
    [3, 4, 10].forEach((doc) => postings.push(doc, doc + 1));
    const scratch = new Uint32Array(8).fill(99);
    const { gaps, frequencies } = postings.gaps(scratch, new Uint32Array(8));
    expect(gaps).toBe(scratch);
    expect(Array.from(gaps.subarray(0, postings.length))).toEqual([3, 1, 6]);
    expect(Array.from(frequencies.subarray(0, postings.length))).toEqual([4, 5, 11]);
  });
});
