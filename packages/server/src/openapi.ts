import { z } from 'zod';
import { adminPaths } from './admin/admin-openapi.js';
import { chatRequestSchema, feedbackRequestSchema, retrieveRequestSchema } from './request-schemas.js';
import {
  chatResponseSchema,
  errorResponseSchema,
  feedbackResponseSchema,
  healthResponseSchema,
  monitoringResponseSchema,
  readyResponseSchema,
  retrieveResponseSchema,
  versionResponseSchema,
} from './response-schemas.js';

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } });
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const headers = {
  'X-Index-Version': { description: 'The version that answered, `<kb>@v<N>`', schema: { type: 'string' } },
  'X-Request-Id': { description: 'The request id, also in logs and error bodies', schema: { type: 'string' } },
};
const refusals = (auth: boolean) => ({
  '400': error(
    'Invalid input: bad JSON, wrong types, unknown fields, bad UTF-8; ' +
      'or no kb named while the environment serves several and no defaultKb is set (KB_REQUIRED)',
  ),
  ...(auth ? { '401': error('Missing or invalid API key (when keys are configured)') } : {}),
  '404': error('Unknown kb'),
  '413': error('Body larger than api.bodyLimit'),
  '415': error('Unsupported body encoding'),
  '429': {
    ...error('Over the per-client rate limit'),
    headers: { 'Retry-After': { description: 'Seconds until the window resets', schema: { type: 'integer' } } },
  },
  '503': error('Vector store unreachable, or nothing promoted to this environment'),
});

/** What the guardrails' screens answer on chat and retrieve (`guardrails.questions`, `guardrails.answers`). */
const screenRefusals = {
  '422': error(
    'Refused by the guardrails: QUESTION_REFUSED when the question (or its history) attempts prompt injection, ' +
      'is abusive or carries personal data, as guardrails.questions says; for chat, ANSWER_REFUSED when the answer ' +
      'is abusive, carries personal data or repeats the system prompt, as guardrails.answers says (a stream that ' +
      'has started sends it as its `error` event instead, after tokens that passed the screen). The message names ' +
      'the check, e.g. (prompt_injection).',
  ),
};

/**
 * The OpenAPI 3.1 document served at `/openapi.json`, generated from the same zod schemas the
 * routes validate requests with. `auth` adds the bearer scheme when API keys are configured.
 */
export function openApiDocument(options: { auth: boolean; version: string }): Record<string, unknown> {
  const security = options.auth ? [{ bearer: [] }] : [];
  const post = (summary: string, request: z.ZodType, response: z.ZodType, extra: Record<string, unknown> = {}) => ({
    post: {
      summary,
      security,
      requestBody: { required: true, content: json(request) },
      responses: {
        '200': { description: 'OK', headers, content: { ...json(response), ...extra } },
        ...refusals(options.auth),
        ...screenRefusals,
      },
    },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'ragship API',
      version: options.version,
      description: 'Answers from the index version promoted to this environment, with citations.',
    },
    paths: {
      '/v1/chat': post(
        'Answer a question with citations; `stream: true` sends Server-Sent Events',
        chatRequestSchema,
        chatResponseSchema,
        {
          'text/event-stream': { schema: { type: 'string', description: 'Events meta, token, done, error' } },
        },
      ),
      '/v1/retrieve': post(
        'The best chunks of the served version for a query',
        retrieveRequestSchema,
        retrieveResponseSchema,
      ),
      '/v1/feedback': {
        post: {
          summary: 'Rate an answer by its traceId (1 helpful, -1 not); shown in Phoenix next to the trace',
          security,
          requestBody: { required: true, content: json(feedbackRequestSchema) },
          responses: {
            '201': { description: 'Stored', content: json(feedbackResponseSchema) },
            ...refusals(options.auth),
            '403': error('The answer was given to another API key (FORBIDDEN)'),
            '404': error('No answer on record under this traceId in this environment (ANSWER_NOT_FOUND)'),
          },
        },
      },
      '/v1/monitoring': {
        get: {
          summary: 'Drift of each served version: its latest retrievals against its baseline (PSI, KS)',
          security,
          responses: { '200': { description: 'OK', content: json(monitoringResponseSchema) } },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process is up',
          responses: { '200': { description: 'OK', content: json(healthResponseSchema) } },
        },
      },
      '/readyz': {
        get: {
          summary:
            'The store and the registry answer and every kb promoted to this environment is loaded ' +
            '(nothing promoted yet is ready too)',
          responses: {
            '200': { description: 'Ready', content: json(readyResponseSchema) },
            '503': { description: 'Not ready', content: json(readyResponseSchema) },
          },
        },
      },
      '/version': {
        get: {
          summary: 'The running build: image digest (or git SHA), git SHA and product version',
          responses: { '200': { description: 'OK', content: json(versionResponseSchema) } },
        },
      },
      '/metrics': {
        get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Prometheus text format' } } },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      ...adminPaths(security),
    },
    components: {
      schemas: { Error: z.toJSONSchema(errorResponseSchema) },
      ...(options.auth ? { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } } : {}),
    },
  };
}
