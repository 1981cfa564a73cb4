import { REDACTED_VALUE, SemanticConventions, type RegisterParams } from '@arizeai/phoenix-otel';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { findPii, redactPii } from '@ragship/pii';

type SpanProcessor = NonNullable<RegisterParams['spanProcessors']>[number];
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];

/** What {@link spanScrubber} takes out of spans. */
export interface ScrubSettings {
  /** Inputs are hidden: the prompt template's variables and retrieved document text go. */
  hideInputs: boolean;
  /** Personal data is replaced by placeholders in every text an attribute or event carries. */
  redactPii: boolean;
}

/** `retrieval.documents.<i>.document.content`: a retrieved chunk's text. */
const DOCUMENT_CONTENT = new RegExp(
  `^${escaped(SemanticConventions.RETRIEVAL_DOCUMENTS)}\\.\\d+\\.${escaped(SemanticConventions.DOCUMENT_CONTENT)}$`,
);

function escaped(name: string): string {
  return name.replaceAll('.', '\\.');
}

/** `text` with the personal data `@ragship/pii` finds in it replaced by placeholders (`[EMAIL]`, `[PHONE]`, …). */
export function redactPersonalData(text: string): string {
  return redactPii(text, findPii(text));
}

/**
 * A span processor, placed before the exporter, that rewrites every ended span of the process
 * (ours and LangChain's) before it leaves: with inputs hidden, it drops the prompt template's
 * variables (the question, the sources; OpenInference's `hideInputs` does not cover them) and
 * masks retrieved chunk text as OpenInference masks hidden input (`__REDACTED__`), keeping the
 * documents' ids, scores and metadata; with PII redaction, it redacts every string attribute,
 * every event's attributes and the status message. Null when there is nothing to do.
 */
export function spanScrubber(settings: ScrubSettings): SpanProcessor | null {
  if (!settings.hideInputs && !settings.redactPii) return null;
  return {
    onStart: () => undefined,
    onEnd(span) {
      if (settings.hideInputs) hideInputText(span.attributes);
      if (settings.redactPii) redactSpan(span);
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

function hideInputText(attributes: Attributes): void {
  delete attributes[SemanticConventions.PROMPT_TEMPLATE_VARIABLES];
  for (const key of Object.keys(attributes)) {
    if (DOCUMENT_CONTENT.test(key)) attributes[key] = REDACTED_VALUE;
  }
}

function redactSpan(span: EndedSpan): void {
  redactAttributes(span.attributes);
  for (const event of span.events) if (event.attributes) redactAttributes(event.attributes);
  // An error's message may quote the question.
  if (span.status.message) span.status.message = redactPersonalData(span.status.message);
}

function redactAttributes(attributes: Attributes): void {
  for (const [key, value] of Object.entries(attributes)) attributes[key] = redactValue(value);
}

function redactValue(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'string') return redactPersonalData(value);
  if (Array.isArray(value) && value.some((item) => typeof item === 'string')) {
    return (value as (string | null | undefined)[]).map((item) =>
      typeof item === 'string' ? redactPersonalData(item) : item,
    );
  }
  return value;
}
