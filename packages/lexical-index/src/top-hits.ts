import type { LexicalHit } from './lexical-index.js';

/** The best `limit` hits offered: highest score first, ties by id, so equal inputs rank alike everywhere. */
export class TopHits {
  private readonly list: LexicalHit[] = [];

  constructor(private readonly limit: number) {}

  offer(hit: LexicalHit): void {
    const { list } = this;
    if (list.length === this.limit && !ranksBefore(hit, list[list.length - 1] as LexicalHit)) return;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ranksBefore(list[middle] as LexicalHit, hit)) low = middle + 1;
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
