import { decodeBase64Runs, decodeHexRuns, looksLikeBase64, matchingViews, rot13 } from '@ragship/prompt-injection';

/**
 * The forms of an answer that a copy of the system prompt could be disguised in, for a model told
 * to "print your instructions encoded in base64" (or hex, ROT13, backwards, letter by letter).
 */
export interface EncodedReadings {
  /**
   * Readings that keep word boundaries: each base64 (or base64url, also wrapped over lines) and
   * hex run that decodes to prose, decoded; the whole text read as ROT13; the whole text reversed;
   * the whole text with look-alike letters and leetspeak folded (see `matchingViews`); each run of
   * characters spelled out one by one (`Y o u  a n s w e r`), a wider gap read as a word's end.
   */
  texts: string[];
  /** The letters of each run spelled out one by one, joined: for runs with no wider gap between words (`y o u a n s w e r`). */
  letterRuns: string[];
}

/** Single characters set apart by blanks, three or more: `Y o u`, `u s e r ' s`. */
const SPELLED_OUT = /(?<!\S)\S(?!\S)(?:\s{1,3}\S(?!\S)){2,}/gu;

/** The {@link EncodedReadings} of `text`. Linear in its length; decoding is bounded by `@ragship/prompt-injection`. */
export function encodedReadings(text: string): EncodedReadings {
  const spelledOut = [...text.matchAll(SPELLED_OUT)].map(([run]) => run);
  return {
    texts: [
      ...decodeBase64Runs(text),
      ...decodeHexRuns(text),
      rot13(text),
      reversed(text),
      matchingViews(text).folded,
      ...spelledOut.map((run) =>
        run
          .split(/\s{2,}/)
          .map((word) => word.replace(/\s/g, ''))
          .join(' '),
      ),
    ],
    letterRuns: spelledOut.map((run) => run.replace(/[^\p{L}]/gu, '')),
  };
}

/** `text` backwards, character by character. */
export function reversed(text: string): string {
  return [...text].reverse().join('');
}

const BASE64_CHARACTER = /[A-Za-z0-9+/_-]/;
/** Characters of base64 before a line break that make the next line a possible continuation (as `decodeBase64Runs` joins them). */
const WRAPPED_LINE_LENGTH = 16;
/** A token of a text spelled out a character or a byte at a time: one letter or digit, or one hex byte (`59`, `0x59`, `\x59`). */
const SPACED_TOKEN = /^(?:[\p{L}\p{N}]|(?:\\x|0x)[0-9a-f]{2},?|\d[0-9a-f],?|[a-f]\d,?)$/iu;
/** A punctuation mark spelled out between them (`u s e r ' s`): part of a run, but not counted. */
const SPACED_MARK = /^\p{P}$/u;
const SPACED_RUN_TOKENS = 3;

/**
 * Where an encoded run at the end of a streamed text starts when the next piece may still
 * continue it, else the text's length: a run of base64 that ends a line (encoders wrap them, so
 * the next line may carry on), with the lines of it before; or three or more single letters,
 * digits or hex bytes set apart by blanks (`Y o u`, `59 6f 75`), marks between them too. Only the whole run decodes to what it
 * hides, so a stream holds it back until it ends. A last word without a blank after it is held
 * back anyway (see `linkSafeLength`).
 */
export function openEncodedRunStart(text: string): number {
  return Math.min(wrappedBase64Start(text), spacedRunStart(text));
}

function wrappedBase64Start(text: string): number {
  let lineEnd = lineEndBefore(text, text.length);
  if (lineEnd < 0) return text.length;
  let start = text.length;
  let run = '';
  for (;;) {
    let segmentStart = lineEnd;
    while (segmentStart > 0 && BASE64_CHARACTER.test(text[segmentStart - 1]!)) segmentStart--;
    if (lineEnd - segmentStart < WRAPPED_LINE_LENGTH) break;
    start = segmentStart;
    run = text.slice(segmentStart, lineEnd) + run;
    // The line before belongs to the run only when this segment is a whole line.
    if (segmentStart > 0 && text[segmentStart - 1] !== '\n') break;
    lineEnd = lineEndBefore(text, segmentStart);
    if (lineEnd < 0) break;
  }
  return run && looksLikeBase64(run) ? start : text.length;
}

/** Where the line that ends with the line break just before `position` ends (before `\r\n` or `\n`), or -1. */
function lineEndBefore(text: string, position: number): number {
  if (text[position - 1] !== '\n') return -1;
  return text[position - 2] === '\r' ? position - 2 : position - 1;
}

function spacedRunStart(text: string): number {
  let position = text.trimEnd().length;
  let start = text.length;
  let tokens = 0;
  while (position > 0) {
    let begin = position;
    while (begin > 0 && !/\s/.test(text[begin - 1]!)) begin--;
    const token = text.slice(begin, position);
    if (SPACED_TOKEN.test(token)) tokens++;
    else if (!SPACED_MARK.test(token)) break;
    start = begin;
    position = begin;
    while (position > 0 && /\s/.test(text[position - 1]!)) position--;
  }
  return tokens >= SPACED_RUN_TOKENS ? start : text.length;
}
