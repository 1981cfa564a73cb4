import { citedNumbers, stripCitationMarkers } from './citation-markers.ts';

/** A span of text, `[start, end)` in UTF-16 code units. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * The sentences of an answer that cite source `n`, markers stripped. A marker right after a
 * sentence's full stop (`… to v1. [2]`, as the extractive answerer writes) belongs to that sentence.
 */
export function sentencesCiting(answer: string, n: number): string[] {
  const markersBeforeStop = answer.replace(/([.!?])((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)/g, '$2$1');
  return markersBeforeStop
    .split(/\n+|(?<=[.!?])\s+/)
    .filter((sentence) => citedNumbers(sentence).includes(n))
    .map(stripCitationMarkers)
    .filter((sentence) => sentence.length > 0);
}

/**
 * Where a quoted sentence is in a chunk's text: the exact text first, then the same words with
 * case and spacing ignored, else the chunk sentence sharing the most words with it (null when
 * none shares a word of three letters or more).
 */
export function findQuotedRange(chunkText: string, quote: string): TextRange | null {
  const wanted = quote.trim();
  if (wanted.length === 0) return null;
  const exact = chunkText.indexOf(wanted);
  if (exact >= 0) return { start: exact, end: exact + wanted.length };
  return findLoosely(chunkText, wanted.replace(/[.!?]+$/, '')) ?? bestOverlappingSentence(chunkText, wanted);
}

/** The ranges of `chunkText` to highlight for citation `n` of `answer`, sorted and merged. */
export function quotedRanges(chunkText: string, answer: string, n: number): TextRange[] {
  const ranges = sentencesCiting(answer, n)
    .map((sentence) => findQuotedRange(chunkText, sentence))
    .filter((range): range is TextRange => range !== null)
    .sort((a, b) => a.start - b.start);
  const merged: TextRange[] = [];
  for (const range of ranges) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Case- and whitespace-insensitive search, mapped back to the original text's offsets. */
function findLoosely(text: string, quote: string): TextRange | null {
  const normalizedQuote = quote.toLowerCase().replace(/\s+/g, ' ').trim();
  if (normalizedQuote.length === 0) return null;
  let normalized = '';
  const offsets: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] ?? '';
    const isSpace = /\s/.test(character);
    if (isSpace && normalized.endsWith(' ')) continue;
    normalized += isSpace ? ' ' : character.toLowerCase();
    offsets.push(index);
  }
  const found = normalized.indexOf(normalizedQuote);
  if (found < 0) return null;
  const start = offsets[found] ?? 0;
  const end = (offsets[found + normalizedQuote.length - 1] ?? start) + 1;
  return { start, end };
}

function bestOverlappingSentence(text: string, quote: string): TextRange | null {
  const quoteWords = wordsOf(quote);
  let best: { range: TextRange; overlap: number } | null = null;
  for (const sentence of sentenceRanges(text)) {
    const words = wordsOf(text.slice(sentence.start, sentence.end));
    const overlap = [...quoteWords].filter((word) => words.has(word)).length;
    if (overlap > 0 && overlap > (best?.overlap ?? 0)) best = { range: sentence, overlap };
  }
  return best?.range ?? null;
}

/** The sentences (and lines) of a text with their offsets. */
export function sentenceRanges(text: string): TextRange[] {
  const pattern = /\S[^\n]*?(?:[.!?](?=\s|$)|(?=\n)|$)/g;
  return [...text.matchAll(pattern)].map((match) => ({ start: match.index, end: match.index + match[0].length }));
}

function wordsOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length >= 3));
}
