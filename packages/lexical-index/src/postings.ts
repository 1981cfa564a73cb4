/**
 * One term's postings: the numbers of the chunks holding it, ascending, and how often each holds
 * it, in typed arrays that double as they fill (about 8 bytes a posting, against ~60 in a Map).
 */
export class Postings {
  docs: Uint32Array;
  frequencies: Uint32Array;
  length = 0;

  constructor(capacity = 4) {
    this.docs = new Uint32Array(capacity);
    this.frequencies = new Uint32Array(capacity);
  }

  static of(docs: readonly number[], frequencies: readonly number[]): Postings {
    const postings = new Postings(Math.max(docs.length, 1));
    postings.docs.set(docs);
    postings.frequencies.set(frequencies);
    postings.length = docs.length;
    return postings;
  }

  push(doc: number, frequency: number): void {
    if (this.length === this.docs.length) {
      const docs = new Uint32Array(this.length * 2);
      const frequencies = new Uint32Array(this.length * 2);
      docs.set(this.docs);
      frequencies.set(this.frequencies);
      this.docs = docs;
      this.frequencies = frequencies;
    }
    this.docs[this.length] = doc;
    this.frequencies[this.length] = frequency;
    this.length++;
  }

  /** These postings with dead chunks dropped and the live ones renumbered by `renumber` (-1: dead). */
  compacted(renumber: Int32Array): Postings {
    const kept = new Postings(Math.max(this.length, 1));
    for (let at = 0; at < this.length; at++) {
      const doc = renumber[this.docs[at] as number] as number;
      if (doc >= 0) kept.push(doc, this.frequencies[at] as number);
    }
    return kept;
  }
}
