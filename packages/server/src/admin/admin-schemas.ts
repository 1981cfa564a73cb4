import { z } from 'zod';
import { ENVIRONMENT_NAME_PATTERN, KB_NAME_PATTERN } from '@ragship/core';

const kb = z.string().regex(KB_NAME_PATTERN, 'must be a kb name such as "docs"');
const environment = z.string().regex(ENVIRONMENT_NAME_PATTERN, 'must be an environment name such as "prod"');
const version = z.string().regex(/^v[1-9]\d{0,8}$/, 'must be a version such as "v3"');

/** Path parameters naming a kb, and a version of it. */
export const kbParams = z.object({ kb });
export const versionParams = z.object({ kb, version });

/** `GET /v1/admin/kbs/<kb>/diff?from=&to=`. */
export const diffQuery = z.object({ from: version, to: version });

/** `GET /v1/admin/kbs/<kb>/diff/document?from=&to=&docId=`. */
export const documentDiffQuery = z.object({ from: version, to: version, docId: z.string().min(1).max(2000) });

/** `GET /v1/admin/history?kb=&env=&limit=`. */
export const historyQuery = z.object({
  kb: kb.optional(),
  env: environment.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Body of `POST /v1/admin/promotions`. */
export const promotionRequestSchema = z
  .strictObject({
    kb,
    version: version.optional(),
    from: environment.optional(),
    to: environment,
    dryRun: z.boolean().optional(),
  })
  .refine((body) => (body.version === undefined) !== (body.from === undefined), {
    message: 'give either "version" or "from"',
    path: ['version'],
  });

/** Body of `POST /v1/admin/rollbacks`. */
export const rollbackRequestSchema = z.strictObject({ kb, env: environment, dryRun: z.boolean().optional() });

/**
 * Body of `POST /v1/admin/ingestions`: the kb only. Its configured source (`kbs.<kb>.source`) runs;
 * a request cannot name another, so it cannot make the worker fetch an arbitrary URL.
 */
export const ingestionRequestSchema = z.strictObject({ kb });

/** `GET /v1/admin/ingestions?kb=&status=&limit=`. */
export const ingestionsQuery = z.object({
  kb: kb.optional(),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `GET /v1/admin/ingestions/<id>`. */
export const ingestionParams = z.object({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be an ingestion id'),
});
