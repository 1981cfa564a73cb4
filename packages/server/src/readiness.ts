import type { BuildInfo } from '@ragship/core';
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
  | {
      status: 'unavailable';
      environment: string;
      build: BuildInfo;
      code: string;
      /** A plain reason, safe for an unauthenticated prober: no location, no raw cause (those are logged). */
      reason: string;
    };

/** Why a process is not ready, in full: for the log, never for the client. */
export interface ReadinessFailure {
  /** The kb that could not be loaded; null when the store or the registry did not answer. */
  kb: string | null;
  error: unknown;
}

/** A readiness check's answer, and the failures behind an `unavailable` one. */
export interface ReadinessCheck {
  readiness: Readiness;
  failures: readonly ReadinessFailure[];
}

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
}): Promise<ReadinessCheck> {
  const { environment, build } = deps;
  const unavailable = (failures: ReadinessFailure[], reason: string): ReadinessCheck => ({
    readiness: { status: 'unavailable', environment, build, code: toHttpError(failures[0]?.error).code, reason },
    failures,
  });
  let kbs: readonly string[];
  try {
    await deps.store.ping();
    kbs = await deps.resolver.servedKbs({ fresh: true });
  } catch (error) {
    return unavailable([{ kb: null, error }], toHttpError(error).message);
  }
  const loaded = await Promise.allSettled(kbs.map((kb) => deps.resolver.resolve(kb)));
  const failed = kbs.flatMap((kb, at) => {
    const outcome = loaded[at];
    return outcome?.status === 'rejected' ? [{ kb, error: outcome.reason as unknown }] : [];
  });
  if (failed.length > 0) {
    const reasons = failed.map(({ kb, error }) => `kb "${kb}" could not be loaded (${toHttpError(error).code})`);
    return unavailable(failed, reasons.join('; '));
  }
  const served = Object.fromEntries(
    loaded.flatMap((outcome) => (outcome.status === 'fulfilled' ? [[outcome.value.kb, outcome.value.ref]] : [])),
  );
  return { readiness: { status: 'ready', environment, build, served }, failures: [] };
}
