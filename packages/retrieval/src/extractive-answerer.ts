import type { ScoredChunk } from '@ragship/core';
import { tokenize } from '@ragship/embeddings';
import type { Answerer } from './answerer.js';

/** Options of {@link createExtractiveAnswerer}. */
export interface ExtractiveAnswererOptions {
  /** Most sentences in an answer. Default 3. */
  maxSentences?: number;
  /** Least share of the question's terms a sentence must contain to be used. Default 0.25. */
  minCoverage?: number;
}

/** The answer given when no retrieved sentence is relevant enough. */
export const DONT_KNOW_ANSWER = "I don't know: the indexed documents do not answer that.";

/**
 * The offline answerer: picks the sentences of the retrieved chunks that cover most of the
 * question's terms and quotes them, each followed by its citation `[n]`. No model involved.
 */
export function createExtractiveAnswerer(options: ExtractiveAnswererOptions = {}): Answerer {
  const maxSentences = options.maxSentences ?? 3;
  const minCoverage = options.minCoverage ?? 0.25;
  return {
    id: 'extractive',
    answer({ question, chunks }) {
      const questionTerms = new Set(tokenize(question));
      if (questionTerms.size === 0 || chunks.length === 0) return Promise.resolve({ text: DONT_KNOW_ANSWER });
      const candidates = sentencesOf(chunks).map((sentence) => ({
        ...sentence,
        score: scoreSentence(sentence.text, questionTerms, sentence.chunkScore),
      }));
      const chosen = candidates
        .filter((candidate) => candidate.score >= minCoverage)
        .sort((a, b) => b.score - a.score)
        .slice(0, maxSentences)
        .sort((a, b) => a.rank - b.rank || a.position - b.position);
      if (chosen.length === 0) return Promise.resolve({ text: DONT_KNOW_ANSWER });
      const text = chosen.map((sentence) => `${sentence.text} [${sentence.rank + 1}]`).join(' ');
      return Promise.resolve({ text });
    },
  };
}

interface Sentence {
  text: string;
  /** Rank of the chunk the sentence came from, from 0. */
  rank: number;
  /** Position of the sentence in its chunk. */
  position: number;
  chunkScore: number;
}

function sentencesOf(chunks: readonly ScoredChunk[]): Sentence[] {
  const seen = new Set<string>();
  const sentences: Sentence[] = [];
  chunks.forEach((chunk, rank) => {
    splitSentences(chunk.text).forEach((text, position) => {
      if (seen.has(text)) return;
      seen.add(text);
      sentences.push({ text, rank, position, chunkScore: chunk.score });
    });
  });
  return sentences;
}

/**
 * Splits Markdown or prose into sentences and list items. Headings, tables and the contents of
 * fenced code blocks are left out: quoted as an answer they read as noise, and the prose around
 * a command names it anyway.
 */
export function splitSentences(text: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  for (const raw of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || /^\s*#{1,6}\s/.test(raw) || /^\s*\|/.test(raw)) continue;
    const line = raw.replace(/^\s*([-*+]\s+|\d+\.\s+|>\s*)/, '').trim();
    if (line.length > 0) lines.push(line);
  }
  return joinWrappedLines(lines)
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?])\s+(?=[A-Z`"(])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 12);
}

/** Joins a hard-wrapped sentence back together: a line that does not end a sentence continues on the next. */
function joinWrappedLines(lines: readonly string[]): string[] {
  const paragraphs: string[] = [];
  let current = '';
  for (const line of lines) {
    current = current ? `${current} ${line}` : line;
    if (/[.!?:)]$/.test(line) || line.endsWith('`')) {
      paragraphs.push(current);
      current = '';
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** Share of question terms covered, nudged by the chunk's retrieval score and against very long sentences. */
function scoreSentence(text: string, questionTerms: ReadonlySet<string>, chunkScore: number): number {
  const terms = tokenize(text);
  const present = new Set(terms.filter((term) => questionTerms.has(term)));
  const coverage = present.size / questionTerms.size;
  const lengthPenalty = terms.length > 60 ? 0.1 : 0;
  return coverage + 0.1 * chunkScore - lengthPenalty;
}
