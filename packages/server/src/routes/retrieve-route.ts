import { Router } from 'express';
import { parseVersion } from '@ragship/core';
import type { RetrievedChunk, ServingOptions } from '@ragship/retrieval';
import { assertRole, callerOf } from '../caller.js';
import { parseBody } from '../parse-body.js';
import { retrieveRequestSchema } from '../request-schemas.js';
import type { KbChooser } from '../request-kb.js';
import type { ServedIndexResolver } from '../served-index-resolver.js';

/**
 * `POST /v1/retrieve`: the best chunks of the served version (or of the ready version the body
 * pins with `"version"`), with their text and scores, and the environment that answered.
 */
export function retrieveRoute(deps: {
  resolver: ServedIndexResolver;
  /** The kb of a request: its own, else the default or the only served one. */
  kbOf: KbChooser;
  defaultK: number;
  /** How every request retrieves: the guardrails and retrieval settings, tracing and the hooks. */
  serving: ServingOptions;
}): Router {
  const router = Router();
  router.post('/v1/retrieve', async (request, response) => {
    const body = parseBody(retrieveRequestSchema, request.body);
    const caller = callerOf(response);
    const kb = await deps.kbOf(body.kb, caller, body.filter);
    // A version other than the served one may hold what a later one removed (a document taken
    // down): reading one is for operators, as the admin API's manifests and diffs are.
    if (body.version) assertRole(caller, 'operator', `Asking for ${kb}@${body.version}`);
    const index = body.version
      ? await deps.resolver.resolveVersion(kb, parseVersion(body.version))
      : await deps.resolver.resolve(kb);
    response.setHeader('X-Index-Version', index.ref);
    const { chunks, belowFloor } = await index.retrieve({
      ...deps.serving,
      query: body.query,
      k: body.k ?? deps.defaultK,
      filter: body.filter,
    });
    response.json({
      results: chunks.map(toResult),
      belowFloor,
      kb: index.kb,
      indexVersion: index.manifest.version,
      environment: deps.resolver.environment,
    });
  });
  return router;
}

/** A chunk as `/v1/retrieve` returns it, scores rounded to 4 decimals. */
function toResult(chunk: RetrievedChunk) {
  return {
    chunkId: chunk.id,
    docId: chunk.metadata.docId,
    source: chunk.metadata.source,
    title: chunk.metadata.title,
    text: chunk.text,
    score: Number(chunk.score.toFixed(4)),
    signals: {
      similarity: roundOrNull(chunk.signals.similarity),
      bm25: roundOrNull(chunk.signals.bm25),
      coverage: Number(chunk.signals.coverage.toFixed(4)),
    },
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Number(value.toFixed(4));
}
