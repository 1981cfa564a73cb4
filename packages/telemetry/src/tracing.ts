import * as CallbackManagerModule from '@langchain/core/callbacks/manager';
import { LangChainInstrumentation } from '@arizeai/openinference-instrumentation-langchain';
import { getDefaultSpanProcessor, OITracer, register, type TraceConfigOptions } from '@arizeai/phoenix-otel';
import { trace } from '@opentelemetry/api';
import { redactPersonalData, spanScrubber } from './span-scrubber.js';

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
  /**
   * Leave the question, the retrieved chunks' text and the prompt out of spans (OpenInference
   * `hideInputs`; chunk text is masked as `__REDACTED__`, ids, scores and metadata stay).
   * LangChain's spans (chain steps, model calls) then hide their outputs too: a prompt step's
   * output is the filled prompt, a condense step's output the rewritten question.
   */
  hideInputs?: boolean;
  /**
   * Leave the answer out of spans (OpenInference `hideOutputs`). LangChain's spans then hide
   * their inputs too: an output parser's input is the model's answer.
   */
  hideOutputs?: boolean;
  /**
   * Replace personal data (emails, phone numbers, card numbers, IBANs, US SSNs; `@ragship/pii`)
   * by placeholders in every text spans carry before they are exported, and in feedback comments
   * sent to Phoenix (`guardrails.redactPii`). Default off.
   */
  redactPii?: boolean;
  /** Batch spans before export (default). Off: each span is sent as it ends, for tests and short CLI runs. */
  batch?: boolean;
}

/** The process's tracer and how to flush it; when tracing is off, a no-op at near-zero cost. */
export interface Tracing {
  readonly enabled: boolean;
  readonly tracer: OITracer;
  readonly hideInputs: boolean;
  readonly hideOutputs: boolean;
  /** `text` as it may be sent to Phoenix outside spans: personal data redacted when `redactPii` is set, else as is. */
  redactText(text: string): string;
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

const asIs = (text: string): string => text;

/** Tracing switched off: spans are no-ops and nothing is exported. */
export const TRACING_OFF: Tracing = {
  enabled: false,
  tracer: new OITracer({ tracer: trace.getTracer(SCOPE), traceConfig: { hideInputs: false, hideOutputs: false } }),
  hideInputs: false,
  hideOutputs: false,
  redactText: asIs,
  phoenix: null,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Starts exporting OpenInference spans over OTLP to the configured collector, as the global
 * tracer provider (so context, and with it parent spans, follows async calls), and instruments
 * LangChain so its chains and chat-model calls become CHAIN and LLM spans under ours. Every span
 * passes the span scrubber (hidden inputs, PII redaction) on its way out. Returns
 * {@link TRACING_OFF} when no endpoint is configured.
 */
export function startTracing(settings: TracingSettings): Tracing {
  if (!settings.endpoint) return TRACING_OFF;
  const traceConfig = { hideInputs: settings.hideInputs ?? false, hideOutputs: settings.hideOutputs ?? false };
  const redactPii = settings.redactPii ?? false;
  const exporter = getDefaultSpanProcessor({
    url: settings.endpoint,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    batch: settings.batch ?? true,
  });
  const scrubber = spanScrubber({ hideInputs: traceConfig.hideInputs, redactPii });
  const provider = register({
    projectName: settings.projectName,
    spanProcessors: scrubber ? [scrubber, exporter] : [exporter],
    global: true,
  });
  const langchain = new LangChainInstrumentation({
    tracerProvider: provider,
    traceConfig: langchainTraceConfig(traceConfig),
  });
  langchain.manuallyInstrument(CallbackManagerModule);
  return {
    enabled: true,
    tracer: new OITracer({ tracer: provider.getTracer(SCOPE), traceConfig }),
    ...traceConfig,
    redactText: redactPii ? redactPersonalData : asIs,
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

/**
 * What LangChain's spans hide: both sides when either is hidden, since their inputs and outputs
 * mix the question, the sources and the answer (see {@link TracingSettings.hideInputs}).
 */
function langchainTraceConfig(traceConfig: { hideInputs: boolean; hideOutputs: boolean }): TraceConfigOptions {
  const hidden = traceConfig.hideInputs || traceConfig.hideOutputs;
  return { hideInputs: hidden, hideOutputs: hidden, hidePrompts: hidden };
}
