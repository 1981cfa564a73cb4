import { RagshipError } from '@ragship/core';
import type { LexicalHit } from './lexical-index.js';

/** The best `limit` hits offered: highest score first, ties by id, so equal inputs rank alike everywhere. */
export class TopHits {
  private readonly list: LexicalHit[] = [];

  constructor(private readonly limit: number) {}

  offer(hit: LexicalHit): void {
    const { list } = this;
    const last = list.at(-1);
    if (list.length === this.limit && last !== undefined && !ranksBefore(hit, last)) return;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      // low <= middle < high <= list.length
      const held = list[middle];
      if (held === undefined) throw new RagshipError('INTERNAL', `TopHits: no hit at ${middle} of ${list.length}.`);
      if (ranksBefore(held, hit)) low = middle + 1;
      else high = middle;
    }
    list.splice(low, 0, hit);
    if (list.length > this.limit) list.pop();
  }

  hits(): LexicalHit[] {
    return this.list;
  }
}

function ranksBefore(a: LexicalHit, b: LexicalHit): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}
