import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** The API's Prometheus metrics, served at `/metrics`. */
export interface ApiMetrics {
  registry: Registry;
  /** Times every request by method, route, status and served index version. */
  middleware: RequestHandler;
  /** Records one answered chat request and whether it said "I don't know". */
  recordAnswer(answer: { kb: string; indexVersion: string; dontKnow: boolean }): void;
  /** Records one retrieval's top score (chat and `/v1/retrieve`). */
  recordRetrieval(retrieval: { kb: string; indexVersion: string; topScore: number | null }): void;
  /** Records one rating of an answer (kb and version empty when another process answered it). */
  recordFeedback(feedback: { kb: string; indexVersion: string; rating: 1 | -1 }): void;
  /** Records a change of the version an environment's alias serves. */
  recordAliasChange(change: { kb: string; environment: string }): void;
  /** Records one finding of the question or answer screen that the guardrails flag or refuse. */
  recordScreen(screen: { target: 'question' | 'answer'; check: string; action: 'flag' | 'refuse' }): void;
}

/** Scores are fused and normalised to [0, 1]; coverage-weighted BM25 rarely goes past 1 either. */
const SCORE_BUCKETS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ragship_' });
  const registers = [registry];
  const duration = new Histogram({
    name: 'ragship_http_request_duration_seconds',
    help: 'HTTP request latency by route, status and served index version.',
    labelNames: ['method', 'route', 'status', 'index_version'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const topScore = new Histogram({
    name: 'ragship_retrieval_top_score',
    help: 'Score of the best retrieved chunk per request, by kb and index version.',
    labelNames: ['kb', 'index_version'] as const,
    buckets: SCORE_BUCKETS,
    registers,
  });
  const emptyRetrievals = new Counter({
    name: 'ragship_retrieval_empty_total',
    help: 'Retrievals that found no chunk at all.',
    labelNames: ['kb', 'index_version'] as const,
    registers,
  });
  const answers = new Counter({
    name: 'ragship_chat_answers_total',
    help: 'Chat requests answered, by kb, index version and outcome (answered, dont_know).',
    labelNames: ['kb', 'index_version', 'outcome'] as const,
    registers,
  });
  const aliasChanges = new Counter({
    name: 'ragship_alias_changes_total',
    help: 'Changes of the version served for a kb (first resolution included), seen by this process.',
    labelNames: ['kb', 'environment'] as const,
    registers,
  });
  const feedback = new Counter({
    name: 'ragship_feedback_total',
    help: 'Ratings received at /v1/feedback, by kb, index version and rating (up, down).',
    labelNames: ['kb', 'index_version', 'rating'] as const,
    registers,
  });
  const screens = new Counter({
    name: 'ragship_guardrail_screens_total',
    help:
      'Questions and answers the guardrails flagged or refused, by target (question, answer), check ' +
      '(prompt_injection, toxicity, personal_data, system_prompt) and action (flag, refuse).',
    labelNames: ['target', 'check', 'action'] as const,
    registers,
  });
  const recordRetrieval: ApiMetrics['recordRetrieval'] = ({ kb, indexVersion, topScore: score }) => {
    const labels = { kb, index_version: indexVersion };
    if (score === null) emptyRetrievals.inc(labels);
    else topScore.observe(labels, score);
  };
  return {
    registry,
    middleware(request, response, next) {
      const stop = duration.startTimer();
      response.on('finish', () => {
        const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
        const indexVersion = response.getHeader('X-Index-Version');
        stop({
          method: request.method,
          route,
          status: String(response.statusCode),
          index_version: typeof indexVersion === 'string' ? indexVersion : '',
        });
      });
      next();
    },
    recordRetrieval,
    recordAnswer({ kb, indexVersion, dontKnow }) {
      answers.inc({ kb, index_version: indexVersion, outcome: dontKnow ? 'dont_know' : 'answered' });
    },
    recordFeedback({ kb, indexVersion, rating }) {
      feedback.inc({ kb, index_version: indexVersion, rating: rating === 1 ? 'up' : 'down' });
    },
    recordAliasChange({ kb, environment }) {
      aliasChanges.inc({ kb, environment });
    },
    recordScreen({ target, check, action }) {
      screens.inc({ target, check, action });
    },
  };
}
