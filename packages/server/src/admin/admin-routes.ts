import { Router, type Response } from 'express';
import { compareVersions, documentChanges, auditHistory, versionSummaries } from '@ragship/operations';
import { assertKbAllowed, callerOf, requireRole } from '../caller.js';
import { parseBody } from '../parse-body.js';
import { adminMonitoring, adminStatus, listKbs, versionDetail, type AdminReadDependencies } from './admin-reads.js';
import { diffQuery, documentDiffQuery, historyQuery, kbParams, versionParams } from './admin-schemas.js';
import { ingestionRoutes, type IngestionRouteDependencies } from './ingestion-routes.js';
import { promotionRoutes, type PromotionRouteDependencies } from './promotion-routes.js';

/** Everything the admin API needs. */
export type AdminDependencies = AdminReadDependencies & PromotionRouteDependencies & IngestionRouteDependencies;

/** Whether the caller of this request may see `kb` (its key may be limited to some kbs). */
function kbFilter(response: Response): (kb: string) => boolean {
  const { kbs } = callerOf(response);
  return (kb) => kbs === null || kbs.includes(kb);
}

/**
 * The admin API the operations console uses, under `/v1/admin/`, for operator and admin keys:
 * kbs, versions, manifests, diffs, status, history and monitoring to read; promotions and rollbacks
 * to act (see {@link promotionRoutes}); ingestion requests to record and read (see
 * {@link ingestionRoutes}). Every read of versions and aliases is one the CLI can do too, through
 * the same `@ragship/operations` functions.
 */
export function adminRoutes(deps: AdminDependencies): Router {
  const router = Router();
  router.use('/v1/admin', requireRole('operator'));
  router.get('/v1/admin/kbs', async (_request, response) => {
    response.json({ kbs: await listKbs(deps, kbFilter(response)) });
  });
  router.get('/v1/admin/kbs/:kb/versions', async (request, response) => {
    const { kb } = parseBody(kbParams, request.params);
    assertKbAllowed(callerOf(response), kb);
    response.json({ kb, versions: await versionSummaries(deps.operations.registry, kb) });
  });
  router.get('/v1/admin/kbs/:kb/versions/:version', async (request, response) => {
    const { kb, version } = parseBody(versionParams, request.params);
    assertKbAllowed(callerOf(response), kb);
    response.json(await versionDetail(deps, kb, version));
  });
  router.get('/v1/admin/kbs/:kb/diff', async (request, response) => {
    const { kb } = parseBody(kbParams, request.params);
    const { from, to } = parseBody(diffQuery, request.query);
    assertKbAllowed(callerOf(response), kb);
    response.json(await compareVersions(deps.operations.registry, `${kb}@${from}`, `${kb}@${to}`));
  });
  router.get('/v1/admin/kbs/:kb/diff/document', async (request, response) => {
    const { kb } = parseBody(kbParams, request.params);
    const { from, to, docId } = parseBody(documentDiffQuery, request.query);
    assertKbAllowed(callerOf(response), kb);
    response.json(await documentChanges(deps.operations, kb, { from, to }, docId));
  });
  router.get('/v1/admin/status', async (_request, response) => {
    response.json(await adminStatus(deps, kbFilter(response)));
  });
  router.get('/v1/admin/history', async (request, response) => {
    const query = parseBody(historyQuery, request.query);
    if (query.kb) assertKbAllowed(callerOf(response), query.kb);
    const entries = await auditHistory(deps.operations.registry, {
      ...(query.kb ? { kb: query.kb } : {}),
      ...(query.env ? { environment: query.env } : {}),
      limit: query.limit,
    });
    const allowed = kbFilter(response);
    response.json({ entries: entries.filter((entry) => allowed(entry.kb)) });
  });
  router.get('/v1/admin/monitoring', async (_request, response) => {
    response.json(await adminMonitoring(deps, kbFilter(response)));
  });
  router.use(promotionRoutes(deps));
  router.use(ingestionRoutes(deps));
  return router;
}
