import { Router } from 'express';
import type { DriftMonitor } from '@ragship/monitoring';

/**
 * `GET /v1/monitoring`: the drift of every version this process serves, against its baseline
 * (see `DriftReport`). Per process: each replica compares the traffic it serves.
 */
export function monitoringRoute(deps: { monitor: DriftMonitor; environment: string }): Router {
  const router = Router();
  router.get('/v1/monitoring', async (_request, response) => {
    response.json({ environment: deps.environment, drift: await deps.monitor.reports() });
  });
  return router;
}
