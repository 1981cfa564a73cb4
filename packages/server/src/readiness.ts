import { errorMessage, type BuildInfo } from '@ragship/core';
import type { VectorStore } from '@ragship/vector-store';
import { toHttpError } from './error-handler.js';
import type { ServedIndexResolver } from './served-index-resolver.js';

/** What `GET /readyz` answers: 200 with `ready`, 503 with `unavailable`. */
export type Readiness =
  | {
      status: 'ready';
      environment: string;
      build: BuildInfo;
      /** Every kb aliased in the environment → the version loaded for it, `<kb>@v<N>`; empty before any promotion. */
      served: Record<string, string>;
    }
  | { status: 'unavailable'; environment: string; build: BuildInfo; code: string; reason: string };

/**
 * Whether this process can serve what its environment promoted: the store answers, the registry
 * answers (the aliases are read now), and every kb aliased in the environment is loaded. An
 * environment with nothing promoted yet is ready; its chat requests answer 503 `NOTHING_PROMOTED`.
 */
export async function checkReadiness(deps: {
  store: VectorStore;
  resolver: ServedIndexResolver;
  environment: string;
  build: BuildInfo;
}): Promise<Readiness> {
  const { environment, build } = deps;
  const unavailable = (error: unknown, reason = errorMessage(error)): Readiness => ({
    status: 'unavailable',
    environment,
    build,
    code: toHttpError(error).code,
    reason,
  });
  let kbs: readonly string[];
  try {
    await deps.store.ping();
    kbs = await deps.resolver.servedKbs({ fresh: true });
  } catch (error) {
    return unavailable(error);
  }
  const loaded = await Promise.allSettled(kbs.map((kb) => deps.resolver.resolve(kb)));
  const failed = kbs.flatMap((kb, at) => {
    const outcome = loaded[at];
    return outcome?.status === 'rejected' ? [{ kb, error: outcome.reason as unknown }] : [];
  });
  const [first] = failed;
  if (first) {
    const reasons = failed.map(({ kb, error }) => `kb "${kb}" could not be loaded: ${errorMessage(error)}`);
    return unavailable(first.error, reasons.join('; '));
  }
  const served = Object.fromEntries(
    loaded.flatMap((outcome) => (outcome.status === 'fulfilled' ? [[outcome.value.kb, outcome.value.ref]] : [])),
  );
  return { status: 'ready', environment, build, served };
}
