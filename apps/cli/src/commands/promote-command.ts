import { InvalidInputError, NothingPromotedError, parseIndexRef } from '@ragship/core';
import { describeMove, promoteVersion, readyManifest, type PromotionResult } from '@ragship/promotion';
import type { CliContext } from '../cli-context.js';
import { createPromotionReporter } from '../promotion-reporter.js';

/** Flags of `ragship promote`. */
export interface PromoteFlags {
  to: string;
  from?: string;
  dryRun?: boolean;
  verify?: boolean;
  allowEmbedderChange?: boolean;
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
        gates: environment?.gates ?? {},
        embedder: environment?.embedder,
      },
      sources: context.storesOf([from, manifest.builtIn?.environment]),
      actor: context.actor(),
      tracing: context.tracing,
      dryRun: Boolean(flags.dryRun),
      verifyAll: Boolean(flags.verify),
      allowEmbedderChange: Boolean(flags.allowEmbedderChange),
      details: { source: from ?? null },
      onProgress: reporter.report,
    });
  } finally {
    reporter.stop();
  }
  context.output.result(result, () => describePromotion(result));
  return result;
}

/** The human summary of a promotion: the move, each gate, and what was copied. */
function describePromotion(result: PromotionResult): string {
  const lines = [describeMove(result)];
  for (const gate of result.gates) lines.push(`  gate ${gate.passed ? 'passed' : 'REFUSED'}: ${gate.message}`);
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
  return lines.join('\n');
}
