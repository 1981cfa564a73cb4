import { z } from 'zod';
import { ingestionRequestSchema, promotionRequestSchema, rollbackRequestSchema } from './admin-schemas.js';

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const jsonBody = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input' }) } },
});
const pathParameter = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const queryParameter = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
});
const kb = pathParameter('kb', 'The kb, e.g. docs');

const refusals = {
  '401': errorRef('No API key, or not a valid one (when keys are configured)'),
  '403': errorRef('FORBIDDEN: the key is not an operator or admin, or may not use this kb'),
};

/**
 * `/v1/session` and the admin API's paths in `/openapi.json`. Bodies are described by the zod
 * schemas the routes validate with; answers by the console contract's types
 * (`packages/server/src/admin/admin-contract.ts`), named in each description.
 */
export function adminPaths(security: readonly Record<string, string[]>[]): Record<string, unknown> {
  return { ...readPaths(security), ...actionPaths(security), ...ingestionPaths(security) };
}

/** The session and the admin reads. */
function readPaths(security: readonly Record<string, string[]>[]): Record<string, unknown> {
  const get = (summary: string, answer: string, parameters: unknown[] = [], extra: Record<string, unknown> = {}) => ({
    get: {
      summary,
      security,
      parameters,
      responses: {
        '200': { description: answer, content: { 'application/json': { schema: { type: 'object' } } } },
        '400': errorRef('A bad parameter, named in the message'),
        ...refusals,
        ...extra,
      },
    },
  });
  return {
    '/v1/session': get(
      'Who the key is (name, role) and what this API serves: environment, kbs, default kb, build, Phoenix URL',
      'SessionInfo',
    ),
    '/v1/admin/kbs': get(
      'Every kb with its version count, newest ready version and what each environment serves',
      '{kbs: KbSummary[]}',
    ),
    '/v1/admin/kbs/{kb}/versions': get(
      "A kb's versions, newest first: status, counts, rejected/flagged, embedder, eval metrics, where served",
      '{kb, versions: VersionSummary[]}',
      [kb],
    ),
    '/v1/admin/kbs/{kb}/versions/{version}': get(
      "One version's manifest with its rejected documents (and why) and flagged ones",
      'VersionDetail',
      [kb, pathParameter('version', 'v<N>')],
      { '404': errorRef('No such version') },
    ),
    '/v1/admin/kbs/{kb}/diff': get('Documents added, changed and removed between two versions', 'VersionDiff', [
      kb,
      queryParameter('from', 'v<N>', true),
      queryParameter('to', 'v<N>', true),
    ]),
    '/v1/admin/kbs/{kb}/diff/document': get("One document's chunks in both versions", 'DocumentDiff', [
      kb,
      queryParameter('from', 'v<N>', true),
      queryParameter('to', 'v<N>', true),
      queryParameter('docId', 'The document', true),
    ]),
    '/v1/admin/status': get(
      'Environments × kbs: served version, since when, by whom, rollback target, drift, feedback, and the build each API runs',
      'AdminStatus',
    ),
    '/v1/admin/history': get(
      'The audit log, newest first, with gate results and margins',
      '{entries: HistoryEntry[]}',
      [
        queryParameter('kb', 'Only this kb'),
        queryParameter('env', 'Only this environment'),
        queryParameter('limit', '1–500, default 100'),
      ],
    ),
    '/v1/admin/monitoring': get(
      "This environment's drift reports and answer feedback (counts, recent comments)",
      'AdminMonitoring',
    ),
  };
}

/** Promotions and rollbacks. */
function actionPaths(security: readonly Record<string, string[]>[]): Record<string, unknown> {
  return {
    '/v1/admin/promotions': {
      post: {
        summary:
          'Promote a version (or what `from` serves) to an environment, as `ragship promote` does; `dryRun` plans only. ' +
          'With Accept: text/event-stream, `progress` events then `result` or `error`',
        security,
        requestBody: jsonBody(promotionRequestSchema),
        responses: {
          '200': {
            description: 'PromotionResponse: the result (gates with margins, segments) and the audit entry',
            content: {
              'application/json': { schema: { type: 'object' } },
              'text/event-stream': { schema: { type: 'string' } },
            },
          },
          '400': errorRef('A bad body, named in the message'),
          ...refusals,
          '403': errorRef('FORBIDDEN (role or kb), or PROMOTION_DISABLED: the environment allows no console promotion'),
          '409': errorRef('The alias moved meanwhile (another promotion won)'),
          '422': errorRef('GATE_REFUSED: error.details.gates lists every gate with its margin'),
        },
      },
    },
    '/v1/admin/rollbacks': {
      post: {
        summary: "Move an environment's alias back to its previous target, as `ragship rollback` does",
        security,
        requestBody: jsonBody(rollbackRequestSchema),
        responses: {
          '200': {
            description: 'RollbackResponse: the move and the audit entry',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '400': errorRef('A bad body, named in the message'),
          '409': errorRef('NO_PREVIOUS_VERSION: nothing to roll back to'),
          ...refusals,
          '403': errorRef('FORBIDDEN (role or kb), or PROMOTION_DISABLED'),
        },
      },
    },
  };
}

/** Recorded ingestion requests: the API records them, a worker (`ragship watch`) runs them. */
function ingestionPaths(security: readonly Record<string, string[]>[]): Record<string, unknown> {
  const json = (description: string) => ({
    description,
    content: { 'application/json': { schema: { type: 'object' } } },
  });
  return {
    '/v1/admin/ingestions': {
      post: {
        summary:
          "Request a run of the kb's configured source (kbs.<kb>.source); only recorded here, a worker " +
          '(`ragship watch`) runs it. A request while one of the kb is queued returns that one (coalesced)',
        security,
        requestBody: jsonBody(ingestionRequestSchema),
        responses: {
          '202': {
            ...json('IngestionResponse: {ingestion: IngestionEntry, coalesced}'),
            headers: {
              Location: { description: 'GET /v1/admin/ingestions/<id> of the request', schema: { type: 'string' } },
            },
          },
          '400': errorRef('A bad body (only "kb" is accepted), or NO_SOURCE: the kb has no configured source'),
          ...refusals,
          '404': errorRef('KB_NOT_FOUND: neither the configuration nor the registry knows the kb'),
        },
      },
      get: {
        summary: 'Recorded ingestion requests, newest first',
        security,
        parameters: [
          queryParameter('kb', 'Only this kb'),
          queryParameter('status', 'Only queued, running, succeeded or failed ones'),
          queryParameter('limit', '1–500, default 100'),
        ],
        responses: {
          '200': json('IngestionList: {ingestions: IngestionEntry[]}'),
          '400': errorRef('A bad parameter, named in the message'),
          ...refusals,
        },
      },
    },
    '/v1/admin/ingestions/{id}': {
      get: {
        summary: 'One ingestion request: queued, running, or how its run ended (the version built, or none)',
        security,
        parameters: [pathParameter('id', 'The id POST answered with')],
        responses: {
          '200': json('IngestionEntry'),
          '400': errorRef('Not an ingestion id'),
          ...refusals,
          '404': errorRef('INGESTION_NOT_FOUND'),
        },
      },
    },
  };
}
