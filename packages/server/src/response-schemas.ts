import { z } from 'zod';

/**
 * The shapes of the API's responses, for `/openapi.json`. The routes build these objects; the
 * OpenAPI test checks real responses against them, so the document cannot drift from the code.
 */
export const errorResponseSchema = z.strictObject({
  error: z.strictObject({
    code: z.string().describe('Stable machine-readable code, e.g. INVALID_INPUT, UNAUTHORIZED, RATE_LIMITED'),
    message: z.string().describe('One sentence naming what is wrong'),
    requestId: z.string().describe('Also sent as the X-Request-Id header'),
    details: z
      .object({
        check: z
          .string()
          .optional()
          .describe(
            '422 QUESTION_REFUSED / ANSWER_REFUSED: prompt_injection, toxicity, personal_data or system_prompt',
          ),
      })
      .optional()
      .describe('422 GATE_REFUSED: gates, every gate with its margin; a refused question or answer: check'),
  }),
});

export const citationSchema = z.strictObject({
  n: z.int().describe('The [n] marker in the answer'),
  chunkId: z.string(),
  docId: z.string(),
  source: z.string(),
  title: z.string(),
  score: z.number(),
  snippet: z.string(),
  text: z.string().describe('The whole cited chunk'),
});

export const chatResponseSchema = z.strictObject({
  answer: z.string(),
  citations: z.array(citationSchema),
  kb: z.string(),
  indexVersion: z.string().describe('v<N>; the X-Index-Version header says <kb>@v<N>'),
  environment: z.string(),
  model: z.string(),
  promptVersion: z.string().nullable().describe('Version of the prompt template (LLM answerers); null for extractive'),
  traceId: z.string(),
});

export const retrieveResponseSchema = z.strictObject({
  results: z.array(
    z.strictObject({
      chunkId: z.string(),
      docId: z.string(),
      source: z.string(),
      title: z.string(),
      text: z.string(),
      score: z.number().describe('Fused reciprocal-rank score, 1 for a chunk first in every list'),
      signals: z
        .strictObject({
          similarity: z.number().nullable().describe('Cosine similarity, when the dense search found the chunk'),
          bm25: z.number().nullable().describe('BM25 score, when the lexical search found the chunk'),
          coverage: z.number().describe("IDF-weighted share of the query's terms the chunk holds, 0–1"),
        })
        .describe('The evidence behind the rank'),
    }),
  ),
  kb: z.string(),
  indexVersion: z.string().describe('v<N>; the X-Index-Version header says <kb>@v<N>'),
  environment: z.string().describe('The environment this API serves, e.g. prod'),
  belowFloor: z.boolean().describe('No result clears the relevance floor: chat would answer "I don\'t know"'),
});

export const healthResponseSchema = z.strictObject({ status: z.literal('ok') });

export const versionResponseSchema = z.strictObject({
  build: z.string().describe('What was deployed: the image digest (RAGSHIP_BUILD) when set, else the git SHA'),
  gitSha: z.string().describe('The commit built (RAGSHIP_GIT_SHA, else the checkout), or "unknown"'),
  version: z.string().describe('The product version, e.g. 0.1.0'),
});

export const readyResponseSchema = z.union([
  z.strictObject({
    status: z.literal('ready'),
    environment: z.string(),
    build: versionResponseSchema,
    served: z
      .record(z.string(), z.string())
      .describe('Every kb aliased in the environment → the version loaded, <kb>@v<N>; {} before any promotion'),
  }),
  z.strictObject({
    status: z.literal('unavailable'),
    environment: z.string(),
    build: versionResponseSchema,
    code: z.string(),
    reason: z
      .string()
      .describe('What is not reachable or which kb could not be loaded, plainly: the causes are in the log'),
    requestId: z.string().describe('The id the causes are logged under'),
  }),
]);

export const feedbackResponseSchema = z.strictObject({
  id: z.int(),
  traceId: z.string(),
  rating: z.union([z.literal(1), z.literal(-1)]),
  kb: z.string().describe('The kb that answered'),
  indexVersion: z.string().describe('The version that answered, e.g. v3'),
  environment: z.string(),
  at: z.string().describe('ISO 8601 time the rating was stored'),
});

const signalReport = z.strictObject({
  psi: z.number().nullable(),
  ks: z.number().nullable(),
  baselineMedian: z.number().nullable(),
  liveMedian: z.number().nullable(),
});

export const monitoringResponseSchema = z.strictObject({
  environment: z.string(),
  drift: z.array(
    z.strictObject({
      kb: z.string(),
      indexVersion: z.string(),
      environment: z.string(),
      status: z
        .enum(['ok', 'drift', 'collecting', 'baselining', 'no_baseline'])
        .describe('drift: the latest retrievals no longer look like the baseline (re-ingest or roll back)'),
      score: z.number().nullable().describe('The largest PSI over the signals; null without a verdict'),
      threshold: z.number(),
      worstSignal: z.enum(['top_score', 'top_similarity', 'coverage']).nullable(),
      baseline: z
        .strictObject({
          source: z.enum(['queries', 'traffic']),
          description: z.string(),
          samples: z.int(),
          querySet: z.string().nullable(),
          createdAt: z.string(),
        })
        .nullable(),
      window: z.strictObject({ size: z.int(), observations: z.int() }),
      observed: z.int(),
      signals: z.strictObject({ top_score: signalReport, top_similarity: signalReport, coverage: signalReport }),
    }),
  ),
});
