import { Router } from 'express';
import type { GuardrailSettings, RetrievalSettings } from '@ragship/core';
import { retrieveGuarded, type AnswerPolicy } from '../chat.js';
import { redactText } from '../guardrails.js';
import { parseBody } from '../parse-body.js';
import { retrieveRequestSchema } from '../request-schemas.js';
import type { KbChooser } from '../request-kb.js';
import type { ServedIndexResolver } from '../served-index.js';
import { withScope, type Tracing } from '@ragship/telemetry';

/** `POST /v1/retrieve`: the best chunks of the served version, with their text and scores. */
export function retrieveRoute(deps: {
  resolver: ServedIndexResolver;
  /** The kb of a request: its own, else the default or the only served one. */
  kbOf: KbChooser;
  defaultK: number;
  guardrails: GuardrailSettings;
  retrieval: RetrievalSettings;
  tracing: Tracing;
  environment: string;
  onRetrieval?: AnswerPolicy['onRetrieval'];
}): Router {
  const router = Router();
  router.post('/v1/retrieve', async (request, response) => {
    const body = parseBody(retrieveRequestSchema, request.body);
    const index = await deps.resolver.resolve(await deps.kbOf(body.kb));
    response.setHeader('X-Index-Version', index.ref);
    const scope = { kb: index.kb, indexVersion: index.manifest.version, environment: deps.environment };
    const { chunks, belowFloor } = await withScope(scope, () =>
      retrieveGuarded(index, deps, body.query, body.k ?? deps.defaultK, body.filter),
    );
    response.json({
      results: chunks.map((chunk) => ({
        chunkId: chunk.id,
        docId: chunk.metadata.docId,
        source: chunk.metadata.source,
        title: chunk.metadata.title,
        text: redactText(deps.guardrails, chunk.text),
        score: Number(chunk.score.toFixed(4)),
        signals: {
          similarity: roundOrNull(chunk.signals.similarity),
          bm25: roundOrNull(chunk.signals.bm25),
          coverage: Number(chunk.signals.coverage.toFixed(4)),
        },
      })),
      belowFloor,
      kb: index.kb,
      indexVersion: index.manifest.version,
    });
  });
  return router;
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Number(value.toFixed(4));
}
