import { RagshipError } from '@ragship/core';

/**
 * One term's postings: the numbers of the chunks holding it, ascending, and how often each holds
 * it. They are kept as variable-length integers (LEB128: seven bits a byte, the high bit set on
 * all but a number's last byte), each chunk number as the gap from the one before, then its
 * frequency: most postings take two or three bytes, against eight in two typed arrays and ~60 in a
 * Map. Searches decode them into scratch arrays.
 */
export class Postings {
  /** Number of postings. */
  length = 0;
  private bytes: Uint8Array;
  private used = 0;
  private last = 0;

  constructor(capacity = 8) {
    this.bytes = new Uint8Array(capacity);
  }

  /**
   * Postings from chunk numbers stored as gaps from the one before (the first from 0), as a stored
   * index holds them; refuses gaps and frequencies of different lengths.
   */
  static fromGaps(gaps: ArrayLike<number> & Iterable<number>, frequencies: ArrayLike<number>): Postings {
    if (frequencies.length !== gaps.length) {
      throw new RagshipError(
        'LEXICAL_INDEX_INCOMPATIBLE',
        `The lexical index holds a term in ${gaps.length} chunks with ${frequencies.length} frequencies; it is damaged. Re-ingest to rebuild it.`,
      );
    }
    const postings = new Postings(Math.max(8, gaps.length * 3));
    let doc = 0;
    let at = 0;
    for (const gap of gaps) {
      const frequency = frequencies[at++];
      if (frequency === undefined) throw outOfRange('frequency', at - 1, frequencies.length);
      postings.push((doc += gap), frequency);
    }
    return postings.trimmed();
  }

  /** Appends a posting; `doc` is above every chunk number already held. */
  push(doc: number, frequency: number): void {
    // Two numbers of at most five bytes each. Grown by half, not doubled: an index being built
    // holds every term's spare capacity, ~20% of its bytes this way against ~45%.
    if (this.used + 10 > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(Math.ceil(this.bytes.length * 1.5), this.used + 10, 16));
      bytes.set(this.bytes.subarray(0, this.used));
      this.bytes = bytes;
    }
    this.write(doc - this.last);
    this.write(frequency);
    this.last = doc;
    this.length++;
  }

  /** Appends `other`'s postings with their chunk numbers raised by `offset`, above every one held. */
  append(other: Postings, offset: number): void {
    const { docs, frequencies } = other.decode();
    for (let at = 0; at < other.length; at++) {
      const doc = docs[at];
      const frequency = frequencies[at];
      if (doc === undefined || frequency === undefined) throw outOfRange('posting', at, docs.length);
      this.push(doc + offset, frequency);
    }
  }

  /**
   * The chunk numbers and frequencies, in `docs` and `frequencies` when given and long enough
   * (the first `length` entries are written), else in new arrays.
   */
  decode(
    docs = new Uint32Array(this.length),
    frequencies = new Uint32Array(this.length),
  ): { docs: Uint32Array; frequencies: Uint32Array } {
    if (docs.length < this.length || frequencies.length < this.length) return this.decode();
    const { bytes, used } = this;
    let doc = 0;
    for (let at = 0, posting = 0; at < used; posting++) {
      // Past `used` only if the bytes end inside a number, which `write` never leaves them.
      let byte = bytes[at++];
      if (byte === undefined) throw outOfRange('byte', at - 1, used);
      let gap = byte & 0x7f;
      for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
        byte = bytes[at++];
        if (byte === undefined) throw outOfRange('byte', at - 1, used);
        gap += (byte & 0x7f) * scale;
      }
      byte = bytes[at++];
      if (byte === undefined) throw outOfRange('byte', at - 1, used);
      let frequency = byte & 0x7f;
      for (let scale = 0x80; byte & 0x80; scale *= 0x80) {
        byte = bytes[at++];
        if (byte === undefined) throw outOfRange('byte', at - 1, used);
        frequency += (byte & 0x7f) * scale;
      }
      docs[posting] = doc += gap;
      frequencies[posting] = frequency;
    }
    return { docs, frequencies };
  }

  /**
   * The chunk numbers as gaps from the one before (the first from 0), and the frequencies: the
   * first `length` entries, in `docs` and `frequencies` when given and long enough (see {@link decode}).
   */
  gaps(
    docs?: Uint32Array<ArrayBuffer>,
    frequencies?: Uint32Array<ArrayBuffer>,
  ): { gaps: Uint32Array; frequencies: Uint32Array } {
    const decoded = this.decode(docs, frequencies);
    const gaps = decoded.docs;
    let previous = 0;
    for (let at = 0; at < this.length; at++) {
      const doc = gaps[at];
      if (doc === undefined) throw outOfRange('posting', at, gaps.length);
      gaps[at] = doc - previous;
      previous = doc;
    }
    return { gaps, frequencies: decoded.frequencies };
  }

  /** These postings with dead chunks dropped and the live ones renumbered by `renumber` (-1: dead). */
  compacted(renumber: Int32Array): Postings {
    const { docs, frequencies } = this.decode();
    const kept = new Postings(Math.max(8, this.used));
    for (let at = 0; at < this.length; at++) {
      const doc = docs[at];
      const frequency = frequencies[at];
      if (doc === undefined || frequency === undefined) throw outOfRange('posting', at, docs.length);
      const renumbered = renumber[doc];
      if (renumbered === undefined) throw outOfRange('chunk', doc, renumber.length);
      if (renumbered >= 0) kept.push(renumbered, frequency);
    }
    return kept.trimmed();
  }

  /** These postings without spare capacity (for a finished list). */
  private trimmed(): this {
    if (this.bytes.length > this.used) this.bytes = this.bytes.slice(0, this.used);
    return this;
  }

  private write(value: number): void {
    const { bytes } = this;
    while (value >= 0x80) {
      bytes[this.used++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 0x80);
    }
    bytes[this.used++] = value;
  }
}

/** Position `at` past the `length` the postings' own bookkeeping promised: a bug here, not in the input. */
function outOfRange(what: string, at: number, length: number): RagshipError {
  return new RagshipError('INTERNAL', `Postings: ${what} ${at} is past the ${length} there are.`);
}
