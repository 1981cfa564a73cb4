import { Router } from 'express';
import { NotFoundError, RagshipError, formatVersion } from '@ragship/core';
import type { OperationsContext } from '@ragship/operations';
import type { IngestionRecord } from '@ragship/registry';
import { assertKbAllowed, callerOf, type Caller } from '../caller.js';
import { parseBody } from '../parse-body.js';
import type { IngestionEntry, IngestionList, IngestionResponse } from './admin-contract.js';
import { ingestionParams, ingestionRequestSchema, ingestionsQuery } from './admin-schemas.js';

/** What the ingestion routes need: the configuration (kbs' sources) and the registry. */
export interface IngestionRouteDependencies {
  operations: OperationsContext;
}

/**
 * `POST /v1/admin/ingestions` records a request to ingest a kb from its configured source, for a
 * webhook or the console; `GET /v1/admin/ingestions[/<id>]` reads requests back. The API never runs
 * the pipeline: a worker (`ragship watch`) claims the request from the registry and runs it.
 */
export function ingestionRoutes(deps: IngestionRouteDependencies): Router {
  const router = Router();
  const { registry } = deps.operations;
  router.post('/v1/admin/ingestions', async (request, response) => {
    const { kb } = parseBody(ingestionRequestSchema, request.body);
    const caller = callerOf(response);
    assertKbAllowed(caller, kb);
    const source = await configuredSource(deps.operations, kb, caller);
    const { record, coalesced } = await registry.requestIngestion({ kb, source, requestedBy: caller.name });
    const answer: IngestionResponse = { ingestion: toIngestionEntry(record), coalesced };
    response.status(202).location(`/v1/admin/ingestions/${record.id}`).json(answer);
  });
  router.get('/v1/admin/ingestions', async (request, response) => {
    const query = parseBody(ingestionsQuery, request.query);
    const caller = callerOf(response);
    if (query.kb) assertKbAllowed(caller, query.kb);
    const records = await registry.listIngestions({
      ...(query.kb ? { kb: query.kb } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit: query.limit,
    });
    const answer: IngestionList = {
      ingestions: records.filter((record) => mayUse(caller, record.kb)).map(toIngestionEntry),
    };
    response.json(answer);
  });
  router.get('/v1/admin/ingestions/:id', async (request, response) => {
    const { id } = parseBody(ingestionParams, request.params);
    const record = await registry.getIngestion(id);
    // A request of a kb the key may not use is as good as missing: its id tells nothing then.
    if (!record || !mayUse(callerOf(response), record.kb)) {
      throw new RagshipError('INGESTION_NOT_FOUND', `No ingestion request has the id "${id}".`);
    }
    response.json(toIngestionEntry(record));
  });
  return router;
}

/**
 * The kb's configured source. 404 `KB_NOT_FOUND` when neither the configuration nor the registry
 * knows the kb (naming the kbs the caller may use), 400 `NO_SOURCE` when it has no source.
 */
async function configuredSource(operations: OperationsContext, kb: string, caller: Caller): Promise<string> {
  const source = operations.config.kbs[kb]?.source;
  if (source) return source;
  const known = new Set([...Object.keys(operations.config.kbs), ...(await operations.registry.listKbs())]);
  if (!known.has(kb)) {
    const visible = [...known].filter((name) => mayUse(caller, name)).sort();
    throw new NotFoundError('kb', kb, `Unknown kb "${kb}"; known kbs: ${visible.join(', ') || 'none'}.`, visible);
  }
  throw new RagshipError('NO_SOURCE', `kb "${kb}" has no source: set kbs.${kb}.source in the config.`);
}

function mayUse(caller: Caller, kb: string): boolean {
  return caller.kbs === null || caller.kbs.includes(kb);
}

/** The record as the contract shows it: the version as `v<N>`. */
function toIngestionEntry(record: IngestionRecord): IngestionEntry {
  return { ...record, version: record.version === null ? null : formatVersion(record.version) };
}
