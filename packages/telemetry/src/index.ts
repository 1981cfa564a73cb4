export { startTracing, TRACING_OFF, type Tracing, type TracingSettings } from './tracing.js';
export {
  inSpan,
  inputAttributes,
  outputAttributes,
  retrievalAttributes,
  SpanKind,
  traceIdOf,
  spanIdOf,
  streamWithPromptTemplate,
  withPromptTemplate,
  withScope,
  scopeAttributes,
  type TraceScope,
  type TracedDocument,
  type TracedPromptTemplate,
} from './spans.js';
export { tracedEmbedder } from './traced-embedder.js';
export { recordRun, StageClock, type RunRecord, type StageTiming } from './run-spans.js';
export { exportFeedback, FEEDBACK_ANNOTATION, type FeedbackExport, type TracedFeedback } from './feedback.js';
