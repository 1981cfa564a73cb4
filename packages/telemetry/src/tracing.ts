import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import {
  getDefaultSpanProcessor,
  OITracer,
  register,
  SemanticConventions,
  type RegisterParams,
} from '@arizeai/phoenix-otel';
import { trace } from '@opentelemetry/api';

/** Where traces go and what they may hold. */
export interface TracingSettings {
  /**
   * The Phoenix (or any OTLP/HTTP) collector, e.g. `http://localhost:6006`; `/v1/traces` is
   * added when missing. Null: tracing is off.
   */
  endpoint: string | null;
  /** The Phoenix project spans land in, e.g. `ragship-prod`. */
  projectName: string;
  /** Sent as `Authorization: Bearer` to the collector (Phoenix Cloud). */
  apiKey?: string | undefined;
  /** Leave the question out of spans (OpenInference `hideInputs`). */
  hideInputs?: boolean;
  /** Leave the answer out of spans (OpenInference `hideOutputs`). */
  hideOutputs?: boolean;
  /** Batch spans before export (default). Off: each span is sent as it ends, for tests and short CLI runs. */
  batch?: boolean;
}

/** The process's tracer and how to flush it; when tracing is off, a no-op at near-zero cost. */
export interface Tracing {
  readonly enabled: boolean;
  readonly tracer: OITracer;
  readonly hideInputs: boolean;
  readonly hideOutputs: boolean;
  /**
   * Phoenix's REST API beside the collector (the endpoint without `/v1/traces`), where feedback
   * becomes span annotations; null when tracing is off.
   */
  readonly phoenix: { url: string; apiKey?: string } | null;
  /** Sends every ended span now. */
  flush(): Promise<void>;
  /** Flushes and stops exporting; the global tracer becomes a no-op again. */
  shutdown(): Promise<void>;
}

const SCOPE = 'ragship';

type SpanProcessor = NonNullable<RegisterParams['spanProcessors']>[number];

/**
 * With inputs hidden, removes the prompt template's variables (the question, the sources) from
 * every span before export: LangChain's instrumentation records them on its prompt spans, and
 * OpenInference's `hideInputs` does not cover that attribute.
 */
const dropPromptVariables: SpanProcessor = {
  onStart: () => undefined,
  onEnd(span) {
    delete (span.attributes as Record<string, unknown>)[SemanticConventions.PROMPT_TEMPLATE_VARIABLES];
  },
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/** Tracing switched off: spans are no-ops and nothing is exported. */
export const TRACING_OFF: Tracing = {
  enabled: false,
  tracer: new OITracer({ tracer: trace.getTracer(SCOPE), traceConfig: { hideInputs: false, hideOutputs: false } }),
  hideInputs: false,
  hideOutputs: false,
  phoenix: null,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Starts exporting OpenInference spans over OTLP to the configured collector, as the global
 * tracer provider (so context, and with it parent spans, follows async calls), and instruments
 * LangChain so its chains and chat-model calls become CHAIN and LLM spans under ours. Returns
 * {@link TRACING_OFF} when no endpoint is configured.
 */
export function startTracing(settings: TracingSettings): Tracing {
  if (!settings.endpoint) return TRACING_OFF;
  const traceConfig = { hideInputs: settings.hideInputs ?? false, hideOutputs: settings.hideOutputs ?? false };
  const exporter = getDefaultSpanProcessor({
    url: settings.endpoint,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    batch: settings.batch ?? true,
  });
  const provider = register({
    projectName: settings.projectName,
    spanProcessors: traceConfig.hideInputs ? [dropPromptVariables, exporter] : [exporter],
    global: true,
  });
  const langchain = new LangChainInstrumentation({ tracerProvider: provider, traceConfig });
  langchain.manuallyInstrument(CallbackManagerModule);
  return {
    enabled: true,
    tracer: new OITracer({ tracer: provider.getTracer(SCOPE), traceConfig }),
    ...traceConfig,
    phoenix: {
      url: settings.endpoint.replace(/\/+$/, '').replace(/\/v1\/traces$/, ''),
      ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    },
    flush: () => provider.forceFlush(),
    async shutdown() {
      langchain.disable();
      await provider.shutdown();
    },
  };
}
