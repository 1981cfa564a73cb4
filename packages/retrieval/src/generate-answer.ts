import type { ScoredChunk } from '@ragship/core';
import {
  streamWithPromptTemplate,
  withPromptTemplate,
  type TracedPromptTemplate,
  type Tracing,
} from '@ragship/telemetry';
import type { Answerer } from './answerer.js';

/** What the answerer is asked: the question and the chunks to answer from, best first. */
export interface Generation {
  question: string;
  chunks: readonly ScoredChunk[];
  signal?: AbortSignal | undefined;
}

/** The answerer's answer, with its versioned prompt template on the LLM spans. */
export async function generateAnswer(answerer: Answerer, tracing: Tracing, request: Generation): Promise<string> {
  const { text } = await inPromptScope(tracing, answerer, request.question, () => answerer.answer(request));
  return text;
}

/**
 * The answer's pieces as they are generated, with the prompt template on the LLM spans; an
 * answerer that cannot stream yields its answer in words.
 */
export async function* generatePieces(
  answerer: Answerer,
  tracing: Tracing,
  request: Generation,
): AsyncIterable<string> {
  const stream = answerer.stream?.bind(answerer);
  if (stream) {
    const template = promptTemplateOf(answerer, request.question);
    const pieces = () => stream(request);
    yield* template ? streamWithPromptTemplate(tracing, template, pieces) : pieces();
    return;
  }
  const text = await generateAnswer(answerer, tracing, request);
  yield* text.match(/\S+\s*/g) ?? [];
}

/** The answerer's versioned prompt template as its LLM spans record it; none for the extractive answerer. */
function promptTemplateOf(answerer: Answerer, question: string): TracedPromptTemplate | null {
  if (!answerer.promptTemplate || !answerer.promptVersion) return null;
  return { template: answerer.promptTemplate, version: answerer.promptVersion, variables: { question } };
}

/** Runs `fn` with the answerer's prompt template in the trace context. */
function inPromptScope<T>(tracing: Tracing, answerer: Answerer, question: string, fn: () => T): T {
  const template = promptTemplateOf(answerer, question);
  return template ? withPromptTemplate(tracing, template, fn) : fn();
}
