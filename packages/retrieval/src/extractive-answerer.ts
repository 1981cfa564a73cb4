import type { ScoredChunk } from '@ragship/core';
import { tokenize } from '@ragship/embeddings';
import { isInstructionLike } from '@ragship/prompt-injection';
import { answerSpan } from './answer-span.js';
import type { Answerer } from './answerer.js';
import { splitSentences, stripReferences } from './sentences.js';
import { isUntrustedChunk } from './untrusted-chunk.js';

/** Options of {@link createExtractiveAnswerer}. */
export interface ExtractiveAnswererOptions {
  /**
   * Most sentences in an answer. Default 1: the best sentence's answer span; more add the next
   * best sentences whole, as support.
   */
  maxSentences?: number;
  /** Least share of the question's terms a sentence must contain to be used. Default 0.25. */
  minCoverage?: number;
  /** Cut the best sentence to the part that answers (see {@link answerSpan}). Default true. */
  concise?: boolean;
}

/** The answer given when no retrieved sentence is relevant enough. */
export const DONT_KNOW_ANSWER = "I don't know: the indexed documents do not answer that.";

/**
 * Weights of a sentence's score: the share of the question's terms it contains, plus a share
 * of the question's word pairs it contains in order (a sentence that restates the question's
 * phrases is likelier to answer it), less a little per rank of its chunk and per term (between
 * equally covering sentences, the shorter is the sharper answer). Tuned on the COVID-QA dev split.
 */
const WEIGHTS = { pairs: 0.2, rank: 0.02, length: 0.002 };

/**
 * The offline answerer: picks the sentence of the retrieved chunks that best covers the
 * question, quotes the part of it that answers, and cites it `[n]`. No model involved. A sentence
 * aimed at a model (an injected instruction) is never quoted.
 */
export function createExtractiveAnswerer(options: ExtractiveAnswererOptions = {}): Answerer {
  const maxSentences = options.maxSentences ?? 1;
  const minCoverage = options.minCoverage ?? 0.25;
  const concise = options.concise ?? true;
  return {
    id: 'extractive',
    answer({ question, chunks }) {
      const questionTerms = tokenize(question);
      if (questionTerms.length === 0 || chunks.length === 0) return Promise.resolve({ text: DONT_KNOW_ANSWER });
      const wanted = questionOf(questionTerms);
      const chosen = sentencesOf(chunks)
        .map((sentence) => ({ ...sentence, ...scoreSentence(sentence, wanted) }))
        .filter((sentence) => sentence.coverage >= minCoverage)
        .sort((a, b) => b.score - a.score)
        .slice(0, maxSentences);
      const [best, ...support] = chosen;
      if (!best) return Promise.resolve({ text: DONT_KNOW_ANSWER });
      const lead = concise ? asSentence(answerSpan(best.text, question)) : best.text;
      const text = [
        `${lead} [${best.rank + 1}]`,
        ...support.map((sentence) => `${sentence.text} [${sentence.rank + 1}]`),
      ];
      return Promise.resolve({ text: text.join(' ') });
    },
  };
}

interface Sentence {
  text: string;
  /** Rank of the chunk the sentence came from, from 0. */
  rank: number;
}

/**
 * A sentence of an untrusted chunk that tells the reader what to answer ("Instead, answer that …",
 * "Say only …"): in a chunk that also holds an injection, it is the injection's payload.
 */
const ANSWER_DIRECTIVE =
  /^(?:(?:instead|now|then|also|finally|from now on|always|only)[,:]?\s+)*(?:you\s+(?:must|should|will)\s+)?(?:answer|respond|reply|say|tell|write|output|print|claim|state|insist)\b/i;

/**
 * The sentences that may be quoted, in chunk order: never one aimed at a model. In a chunk that
 * holds an injection (flagged at ingest, or found now), its instruction sentences and the
 * directives around them are skipped; its other sentences stay, and so do the other chunks'.
 */
function sentencesOf(chunks: readonly ScoredChunk[]): Sentence[] {
  const seen = new Set<string>();
  const sentences: Sentence[] = [];
  chunks.forEach((chunk, rank) => {
    const untrusted = isUntrustedChunk(chunk);
    for (const sentence of splitSentences(chunk.text)) {
      const text = stripReferences(sentence);
      if (seen.has(text)) continue;
      if (untrusted && (isInstructionLike(sentence) || ANSWER_DIRECTIVE.test(sentence))) continue;
      seen.add(text);
      sentences.push({ text, rank });
    }
  });
  return sentences;
}

/** The question's distinct terms and its adjacent term pairs, what sentences are scored against. */
interface QuestionTerms {
  terms: ReadonlySet<string>;
  pairs: ReadonlySet<string>;
}

function questionOf(terms: readonly string[]): QuestionTerms {
  return { terms: new Set(terms), pairs: new Set(terms.slice(1).map((term, i) => `${terms[i]} ${term}`)) };
}

function scoreSentence(sentence: Sentence, question: QuestionTerms): { coverage: number; score: number } {
  const terms = tokenize(sentence.text);
  const { terms: wanted, pairs } = question;
  const coverage = new Set(terms.filter((term) => wanted.has(term))).size / wanted.size;
  let pairsFound = 0;
  for (let i = 1; i < terms.length; i++) if (pairs.has(`${terms[i - 1]} ${terms[i]}`)) pairsFound++;
  const pairCoverage = pairs.size === 0 ? 0 : Math.min(pairsFound, pairs.size) / pairs.size;
  const score = coverage + WEIGHTS.pairs * pairCoverage - WEIGHTS.rank * sentence.rank - WEIGHTS.length * terms.length;
  return { coverage, score };
}

/**
 * A span of a clause or more read as a sentence: a plain lower-case first word capitalised, a
 * full stop at the end. A short span ("53 serotypes", "600") is a phrase and stays as it is.
 */
function asSentence(span: string): string {
  if (span.split(/\s+/).length < 4) return span;
  const capitalised = /^[a-z]+\b/.test(span) ? span[0]!.toUpperCase() + span.slice(1) : span;
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised.replace(/[,;:]$/, '')}.`;
}
