import { randomBytes } from 'node:crypto';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { SemanticConventions } from '@arizeai/phoenix-otel';
import { RagshipError } from '@ragship/core';
import { scopeAttributes, SpanKind, type TraceScope } from './spans.js';
import type { Tracing } from './tracing.js';

/** A user's rating of one answer, to show next to its trace. */
export interface TracedFeedback {
  traceId: string;
  /** The answer's CHAIN span, when the serving process still knows it; annotations need it. */
  spanId: string | null;
  rating: 1 | -1;
  comment: string | null;
  /** The stored feedback's id: the annotation's identifier, so a retry updates rather than repeats it. */
  feedbackId: number;
  scope: TraceScope | null;
}

/** What reached Phoenix: the feedback span, and the annotation (`skipped` without a span id). */
export interface FeedbackExport {
  span: boolean;
  annotation: 'sent' | 'skipped' | 'off';
}

/** Name of the annotation in Phoenix's UI. */
export const FEEDBACK_ANNOTATION = 'user_feedback';

/**
 * Shows a rating next to its trace in Phoenix: a `feedback` span in the answer's trace (under the
 * chat span when known) with a `feedback` event, exported like every span, and a HUMAN span
 * annotation on the chat span through Phoenix's REST API (`POST /v1/span_annotations`), which
 * Phoenix lists with the trace's annotations. The comment is left out with hidden inputs, and
 * its personal data redacted with `redactPii` (`Tracing.redactText`). Throws
 * when Phoenix refuses the annotation; the span is exported either way.
 */
export async function exportFeedback(tracing: Tracing, feedback: TracedFeedback): Promise<FeedbackExport> {
  if (!tracing.phoenix) return { span: false, annotation: 'off' };
  const label = feedback.rating === 1 ? 'thumbs_up' : 'thumbs_down';
  const comment = tracing.hideInputs || !feedback.comment ? null : tracing.redactText(feedback.comment);
  const attributes = {
    [SemanticConventions.OPENINFERENCE_SPAN_KIND]: SpanKind.EVALUATOR,
    'ragship.feedback.rating': feedback.rating,
    'ragship.feedback.label': label,
    'ragship.feedback.id': feedback.feedbackId,
    ...(comment ? { 'ragship.feedback.comment': comment } : {}),
    ...(feedback.scope ? scopeAttributes(feedback.scope) : {}),
  };
  const parent = trace.setSpanContext(context.active(), {
    traceId: feedback.traceId,
    // Without the chat span's id the feedback still joins the trace, beside the chat span.
    spanId: feedback.spanId ?? randomBytes(8).toString('hex'),
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  const span = tracing.tracer.startSpan('feedback', { attributes }, parent);
  span.addEvent('feedback', attributes);
  span.end();
  if (!feedback.spanId) return { span: true, annotation: 'skipped' };

  const { url, apiKey } = tracing.phoenix;
  const response = await fetch(`${url}/v1/span_annotations?sync=false`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({
      data: [
        {
          span_id: feedback.spanId,
          name: FEEDBACK_ANNOTATION,
          annotator_kind: 'HUMAN',
          result: { label, score: feedback.rating === 1 ? 1 : 0, explanation: comment },
          metadata: feedback.scope ?? {},
          identifier: `ragship-feedback-${feedback.feedbackId}`,
        },
      ],
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) {
    throw new RagshipError(
      'PHOENIX_REFUSED',
      `Phoenix refused the feedback annotation: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`,
    );
  }
  return { span: true, annotation: 'sent' };
}
