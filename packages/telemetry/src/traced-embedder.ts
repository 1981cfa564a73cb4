import { SemanticConventions } from '@arizeai/phoenix-otel';
import type { Attributes } from '@opentelemetry/api';
import { wrapEmbed, type Embedder } from '@ragship/embeddings';
import { inSpan, SpanKind } from './spans.js';
import type { Tracing } from './tracing.js';

/**
 * The embedder with each call in an EMBEDDING span (model name; the texts unless inputs are
 * hidden). For queries, where one call is one text; ingestion traces its embed stage as a whole.
 */
export function tracedEmbedder(embedder: Embedder, tracing: Tracing): Embedder {
  if (!tracing.enabled) return embedder;
  return wrapEmbed(embedder, (texts, options) => {
    const attributes: Attributes = { [SemanticConventions.EMBEDDING_MODEL_NAME]: embedder.id };
    if (!tracing.hideInputs) {
      texts.forEach((text, i) => {
        attributes[`${SemanticConventions.EMBEDDING_EMBEDDINGS}.${i}.${SemanticConventions.EMBEDDING_TEXT}`] = text;
      });
    }
    return inSpan(tracing, 'embed query', SpanKind.EMBEDDING, attributes, () => embedder.embed(texts, options));
  });
}
