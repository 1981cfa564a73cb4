import path from 'node:path';
import {
  InvalidInputError,
  NothingPromotedError,
  baselineQueriesOf,
  gatesFor,
  parseIndexRef,
  type Manifest,
} from '@ragship/core';
import { createEmbedder } from '@ragship/embeddings';
import { readQuerySet, recordBaseline } from '@ragship/monitoring';
import {
  describeMove,
  promoteVersion,
  readyManifest,
  type BaselineStep,
  type PromotionResult,
} from '@ragship/promotion';
import type { CliContext } from '../cli-context.js';
import { createPromotionReporter } from '../promotion-reporter.js';

/** Flags of `ragship promote`. */
export interface PromoteFlags {
  to: string;
  from?: string;
  dryRun?: boolean;
  verify?: boolean;
  allowEmbedderChange?: boolean;
  /** Promote despite refused gates (needs `reason`); audited. */
  force?: boolean;
  reason?: string;
  /** A query file for the drift baseline; `false` (`--no-baseline`): none. Default: the kb's configured set. */
  baseline?: string | false;
}

/**
 * `ragship promote <kb>@<version> --to <env>` or `ragship promote <kb> --from <env> --to <env>`:
 * readiness, embedder and gate checks, copy into the target's store when it lacks the version
 * (from `--from`, the environment that built it, then any other), digest verification, then the
 * compare-and-swap alias flip with its audit entry. The work is `promoteVersion`'s.
 */
export async function runPromote(
  context: CliContext,
  reference: string,
  flags: PromoteFlags,
): Promise<PromotionResult> {
  const ref = parseIndexRef(reference);
  const { kb } = ref;
  context.requireEnvironment(flags.to);
  let version: number;
  let from = flags.from;
  if (flags.from) {
    if (ref.kind !== 'kb') throw new InvalidInputError('Give either <kb>@<version> or <kb> --from <env>, not both.');
    context.requireEnvironment(flags.from);
  } else if (ref.kind === 'kb') {
    throw new InvalidInputError(`Say which version to promote: ${kb}@v<N>, or ${kb} --from <env>.`);
  } else if (ref.kind === 'environment') {
    from = ref.environment;
  }
  if (from) {
    const source = await context.registry.getAlias(from, kb);
    if (!source) throw new NothingPromotedError(kb, from);
    version = source.version;
  } else {
    version = (ref as { version: number }).version;
  }

  if (flags.force && !flags.reason?.trim()) {
    throw new InvalidInputError('--force needs --reason "<why>": the override is written to the audit log.', 'reason');
  }
  const manifest = await readyManifest(context.registry, kb, version);
  const environment = context.config.environments[flags.to];
  const reporter = createPromotionReporter({ json: context.output.json });
  let result: PromotionResult;
  try {
    result = await promoteVersion({
      registry: context.registry,
      kb,
      version,
      target: {
        environment: flags.to,
        store: await context.store(flags.to),
        gates: gatesFor(context.config, kb, flags.to),
        embedder: environment?.embedder,
      },
      sources: context.storesOf([from, manifest.builtIn?.environment]),
      actor: context.actor(),
      tracing: context.tracing,
      dryRun: Boolean(flags.dryRun),
      verifyAll: Boolean(flags.verify),
      allowEmbedderChange: Boolean(flags.allowEmbedderChange),
      details: { source: from ?? null, build: context.build },
      baseline: await baselineStep(context, kb, manifest, flags.baseline),
      ...(flags.force ? { force: { reason: (flags.reason ?? '').trim() } } : {}),
      onProgress: reporter.report,
    });
  } finally {
    reporter.stop();
  }
  context.output.result(result, () => describePromotion(result));
  return result;
}

/**
 * The drift baseline to record before the flip: the queries of `--baseline <file>`, else of the
 * kb's `monitoring.drift.baselineQueries` entry, else of its golden set (`kbs.<kb>.eval`), retrieved
 * as the API will; none with `--no-baseline` or when none of these is set.
 */
async function baselineStep(
  context: CliContext,
  kb: string,
  manifest: Manifest,
  flag: string | false | undefined,
): Promise<BaselineStep | undefined> {
  if (flag === false) return undefined;
  const file = flag ? path.resolve(flag) : baselineQueriesOf(context.config, kb);
  if (!file) return undefined;
  const request = {
    querySet: await readQuerySet(file),
    embedder: createEmbedder(manifest.embedder.id, context.config.providers),
    retrieval: context.config.retrieval,
  };
  return (input) => recordBaseline({ ...input, request });
}

/** The human summary of a promotion: the move, each gate, and what was copied. */
function describePromotion(result: PromotionResult): string {
  const lines = [describeMove(result)];
  for (const gate of result.gates) {
    lines.push(`  gate ${gate.passed ? 'passed' : result.forced ? 'REFUSED, overridden' : 'REFUSED'}: ${gate.message}`);
  }
  if (result.forced) lines.push(`  forced (audited): ${result.forced.reason}`);
  for (const segment of result.segments) {
    const what =
      segment.action === 'present'
        ? 'already in the target store'
        : result.dryRun
          ? `would be copied (${segment.chunks} chunks, ${segment.inTarget} there now)`
          : `copied ${segment.copied ?? 0} chunks from ${segment.source ?? '?'}${segment.verified ? ', verified' : ''}`;
    lines.push(`  segment ${segment.name}: ${what}`);
  }
  if (result.verifiedDigest) lines.push(`  digest verified: ${result.verifiedDigest}`);
  if (result.baseline) lines.push(`  drift baseline: ${result.baseline.description}`);
  return lines.join('\n');
}
