import { Router } from 'express';
import type { BuildInfo } from '@ragship/core';
import type { SessionInfo } from '../admin/admin-contract.js';
import { callerOf } from '../caller.js';
import type { ServedIndexResolver } from '../served-index-resolver.js';

/**
 * `GET /v1/session`: who the key belongs to (name, role) and what this API serves — the kbs the
 * key may use, the default kb, the environment and build — with Phoenix's address for trace links.
 * The web app's first call: a 401 here is how it knows to ask for a key.
 */
export function sessionRoute(deps: {
  resolver: Pick<ServedIndexResolver, 'servedKbs'>;
  environment: string;
  defaultKb?: string | undefined;
  build: BuildInfo;
  phoenixUrl?: string | null | undefined;
}): Router {
  const router = Router();
  router.get('/v1/session', async (_request, response) => {
    const caller = callerOf(response);
    const served = await deps.resolver.servedKbs();
    const session: SessionInfo = {
      environment: deps.environment,
      kbs: served.filter((kb) => caller.kbs === null || caller.kbs.includes(kb)),
      defaultKb: deps.defaultKb ?? null,
      actor: caller.name,
      role: caller.role,
      phoenixUrl: deps.phoenixUrl ?? null,
      build: deps.build,
    };
    response.json(session);
  });
  return router;
}
