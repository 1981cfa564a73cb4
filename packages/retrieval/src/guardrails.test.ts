import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARDRAILS, type ScoredChunk } from '@ragship/core';
import { applyChunkPolicy, redactPieces } from './guardrails.js';

function chunk(id: string, score: number, flags = ''): ScoredChunk {
  return { id, text: id, score, metadata: { docId: id, flags } as ScoredChunk['metadata'] };
}
const CHUNKS = [chunk('a', 0.9, 'instructions'), chunk('b', 0.8), chunk('c', 0.6, 'pii,instructions'), chunk('d', 0.5)];

async function collect(pieces: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const piece of pieces) out.push(piece);
  return out;
}
async function* from(pieces: string[]): AsyncIterable<string> {
  for (const piece of pieces) yield await Promise.resolve(piece);
}

describe('flagged-chunk policy', () => {
  it('when instruction-like chunks are excluded, then only clean chunks remain, best first', () => {
    const kept = applyChunkPolicy(CHUNKS, { ...DEFAULT_GUARDRAILS, instructionChunks: 'exclude' }, 3);
    expect(kept.map((item) => item.id)).toEqual(['b', 'd']);
  });
  it('when they are down-ranked, then their scores are scaled and the order follows', () => {
    const kept = applyChunkPolicy(CHUNKS, { ...DEFAULT_GUARDRAILS, downrankFactor: 0.5 }, 4);
    expect(kept.map((item) => [item.id, item.score])).toEqual([
      ['b', 0.8],
      ['d', 0.5],
      ['a', 0.45],
      ['c', 0.3],
    ]);
  });
  it('when they are allowed, then nothing changes but the cut to k', () => {
    expect(applyChunkPolicy(CHUNKS, { ...DEFAULT_GUARDRAILS, instructionChunks: 'allow' }, 2)).toEqual(
      CHUNKS.slice(0, 2),
    );
  });
});

describe('redacting a streamed answer', () => {
  it('when an email arrives split over pieces, then it is redacted whole and the text is otherwise unchanged', async () => {
    const pieces = [
      'Write to ',
      'jane.doe',
      '@exam',
      'ple.com for ',
      'access [1]. Then ',
      'call +1 415 555 ',
      '0199 [2]',
    ];
    const out = await collect(redactPieces({ ...DEFAULT_GUARDRAILS, redactPii: true }, from(pieces)));
    expect(out.join('')).toBe('Write to [EMAIL] for access [1]. Then call [PHONE] [2]');
    expect(out.join('')).not.toContain('jane');
  });
  it('when redaction is off, then the pieces pass through as they are', async () => {
    expect(await collect(redactPieces(DEFAULT_GUARDRAILS, from(['a@b.co ', 'x'])))).toEqual(['a@b.co ', 'x']);
  });
});
