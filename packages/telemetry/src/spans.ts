import { randomBytes } from 'node:crypto';
import {
  getAttributes,
  OpenInferenceSpanKind,
  SemanticConventions,
  setAttributes,
  setPromptTemplate,
  type OISpan,
} from '@arizeai/phoenix-otel';
import { context, isSpanContextValid, SpanStatusCode, type Attributes, type Context } from '@opentelemetry/api';
import type { Tracing } from './tracing.js';

export { OpenInferenceSpanKind as SpanKind };

/**
 * What every span of a request or a pipeline run is about: `ragship.kb`, `ragship.index_version`,
 * `ragship.environment`.
 */
export interface TraceScope {
  kb: string;
  indexVersion?: string | undefined;
  environment?: string | undefined;
}

/** Runs `fn` with the scope's attributes on every span started inside it (added to any already in scope). */
export function withScope<T>(scope: TraceScope, fn: () => T): T {
  const attributes: Attributes = { ...getAttributes(context.active()), ...scopeAttributes(scope) };
  return context.with(setAttributes(context.active(), attributes), fn);
}

/** `ragship.kb`, `ragship.index_version` and `ragship.environment`, as far as the scope has them. */
export function scopeAttributes(scope: TraceScope): Attributes {
  const attributes: Attributes = { 'ragship.kb': scope.kb };
  if (scope.indexVersion) attributes['ragship.index_version'] = scope.indexVersion;
  if (scope.environment) attributes['ragship.environment'] = scope.environment;
  return attributes;
}

/**
 * Runs `fn` inside a new span of the given OpenInference kind, child of the active one. The span
 * ends when `fn` settles; a throw marks it failed with the error's message and rethrows.
 */
export function inSpan<T>(
  tracing: Tracing,
  name: string,
  kind: OpenInferenceSpanKind,
  attributes: Attributes,
  fn: (span: OISpan) => Promise<T>,
): Promise<T> {
  return tracing.tracer.startActiveSpan(
    name,
    { attributes: { [SemanticConventions.OPENINFERENCE_SPAN_KIND]: kind, ...attributes } },
    async (span) => {
      try {
        const result = await fn(span);
        span.setStatus({ code: SpanStatusCode.OK });
        return result;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: describeError(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A failure's message, for a span's status. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? 'unknown error');
}

/** The span's trace id, or a fresh random one when tracing is off, so answers always carry a `traceId`. */
export function traceIdOf(span: OISpan): string {
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : randomBytes(16).toString('hex');
}

/** The span's id when it is recorded (tracing on); null otherwise. */
export function spanIdOf(span: OISpan): string | null {
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.spanId : null;
}

/** `input.value` for a span, unless inputs are hidden. */
export function inputAttributes(tracing: Tracing, value: string): Attributes {
  return tracing.hideInputs ? {} : { [SemanticConventions.INPUT_VALUE]: value };
}

/** `output.value` for a span, unless outputs are hidden. */
export function outputAttributes(tracing: Tracing, value: string): Attributes {
  return tracing.hideOutputs ? {} : { [SemanticConventions.OUTPUT_VALUE]: value };
}

/** A retrieved document as a RETRIEVER span records it. */
export interface TracedDocument {
  id: string;
  content: string;
  score: number;
  metadata?: Record<string, unknown>;
}

/** `retrieval.documents.{i}.document.{id,content,score,metadata}`. */
export function retrievalAttributes(documents: readonly TracedDocument[]): Attributes {
  const attributes: Attributes = {};
  documents.forEach((document, i) => {
    const prefix = `${SemanticConventions.RETRIEVAL_DOCUMENTS}.${i}.`;
    attributes[prefix + SemanticConventions.DOCUMENT_ID] = document.id;
    attributes[prefix + SemanticConventions.DOCUMENT_CONTENT] = document.content;
    attributes[prefix + SemanticConventions.DOCUMENT_SCORE] = document.score;
    if (document.metadata)
      attributes[prefix + SemanticConventions.DOCUMENT_METADATA] = JSON.stringify(document.metadata);
  });
  return attributes;
}

/** A versioned prompt template as LLM spans record it (`llm.prompt_template.*`). */
export interface TracedPromptTemplate {
  template: string;
  version: string;
  variables: Record<string, string>;
}

function promptContext(tracing: Tracing, template: TracedPromptTemplate): Context {
  const variables = tracing.hideInputs ? {} : template.variables;
  return setPromptTemplate(context.active(), { ...template, variables });
}

/** Runs `fn` with a versioned prompt template in scope: the LLM spans started inside record it. */
export function withPromptTemplate<T>(tracing: Tracing, template: TracedPromptTemplate, fn: () => T): T {
  return context.with(promptContext(tracing, template), fn);
}

/**
 * The same for a stream: an async generator's body runs when it is iterated, not when it is
 * made, so every step is run in the template's context.
 */
export function streamWithPromptTemplate<T>(
  tracing: Tracing,
  template: TracedPromptTemplate,
  stream: () => AsyncIterable<T>,
): AsyncIterable<T> {
  const scoped = promptContext(tracing, template);
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const iterator = context.with(scoped, () => stream()[Symbol.asyncIterator]());
      const finished: IteratorResult<T> = { done: true, value: undefined };
      return {
        next: () => context.with(scoped, () => iterator.next()),
        return: (value?: unknown) => context.with(scoped, () => iterator.return?.(value) ?? Promise.resolve(finished)),
      };
    },
  };
}
