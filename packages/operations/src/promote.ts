import path from 'node:path';
import { InvalidInputError, NothingPromotedError, baselineQueriesOf, gatesFor, type Manifest } from '@ragship/core';
import { createEmbedder } from '@ragship/embeddings';
import { readQuerySet, recordBaseline } from '@ragship/monitoring';
import {
  promoteVersion,
  readyManifest,
  type BaselineStep,
  type PromotionProgress,
  type PromotionResult,
} from '@ragship/promotion';
import type { OperationsContext } from './operations-context.js';
import { requireEnvironment } from './require-environment.js';

/** A promotion as an operator asks for it: a version, or what another environment serves. */
export interface PromoteRequest {
  kb: string;
  /** N of `v<N>`; give this or `from`. */
  version?: number | undefined;
  /** Promote what this environment serves. */
  from?: string | undefined;
  to: string;
  /** Who is promoting, for the audit log. */
  actor: string;
  dryRun?: boolean | undefined;
  /** Also verify segments the target already holds. */
  verifyAll?: boolean | undefined;
  allowEmbedderChange?: boolean | undefined;
  /** Promote despite refused gates, with the reason (audited). */
  force?: { reason: string } | undefined;
  /** A query file for the drift baseline; `false`: none. Default: the kb's configured set. */
  baseline?: string | false | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: PromotionProgress) => void) | undefined;
}

/**
 * Promotes as configured: resolves the version (or what `from` serves), then runs
 * `promoteVersion` with the target environment's store, gates and embedder pin, the stores to
 * copy from (`from`, then where the version was built, then the rest), the kb's drift baseline,
 * and the build in the audit entry. `ragship promote` and `POST /v1/admin/promotions` both run
 * this: one implementation.
 */
export async function promote(context: OperationsContext, request: PromoteRequest): Promise<PromotionResult> {
  const { config, registry } = context;
  const { kb, from } = request;
  requireEnvironment(config, request.to);
  const version = await versionToPromote(context, request);
  if (request.force && !request.force.reason.trim()) {
    throw new InvalidInputError('A forced promotion needs a reason: it is written to the audit log.', 'reason');
  }
  const manifest = await readyManifest(registry, kb, version);
  const environment = config.environments[request.to];
  return promoteVersion({
    registry,
    kb,
    version,
    target: {
      environment: request.to,
      store: await context.store(request.to),
      gates: gatesFor(config, kb, request.to),
      embedder: environment?.embedder,
    },
    sources: context.storesOf([from, manifest.builtIn?.environment]),
    actor: request.actor,
    tracing: context.tracing,
    dryRun: Boolean(request.dryRun),
    verifyAll: Boolean(request.verifyAll),
    allowEmbedderChange: Boolean(request.allowEmbedderChange),
    details: { source: from ?? null, build: context.build },
    baseline: await baselineStep(context, kb, manifest, request.baseline),
    ...(request.force ? { force: { reason: request.force.reason.trim() } } : {}),
    signal: request.signal,
    onProgress: request.onProgress,
  });
}

/** The version a request names, or the one its `from` environment serves. */
async function versionToPromote(context: OperationsContext, request: PromoteRequest): Promise<number> {
  if (request.from !== undefined && request.version !== undefined) {
    throw new InvalidInputError('Give either a version or the environment to promote from, not both.');
  }
  if (request.from !== undefined) {
    requireEnvironment(context.config, request.from);
    const source = await context.registry.getAlias(request.from, request.kb);
    if (!source) throw new NothingPromotedError(request.kb, request.from);
    return source.version;
  }
  if (request.version === undefined) {
    throw new InvalidInputError(
      `Say which version to promote: ${request.kb}@v<N>, or the environment to promote from.`,
    );
  }
  return request.version;
}

/**
 * The drift baseline to record before the flip: the queries of the `baseline` file, else of the
 * kb's `monitoring.drift.baselineQueries` entry, else of its golden set (`kbs.<kb>.eval`), retrieved
 * as the API will; none when `baseline` is false or none of these is set.
 */
async function baselineStep(
  context: OperationsContext,
  kb: string,
  manifest: Manifest,
  file: string | false | undefined,
): Promise<BaselineStep | undefined> {
  if (file === false) return undefined;
  const queries = file ? path.resolve(file) : baselineQueriesOf(context.config, kb);
  if (!queries) return undefined;
  const request = {
    querySet: await readQuerySet(queries),
    embedder: createEmbedder(manifest.embedder.id, context.config.providers),
    retrieval: context.config.retrieval,
  };
  return (input) => recordBaseline({ ...input, request });
}
