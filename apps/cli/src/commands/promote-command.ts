import { InvalidInputError, parseIndexRef } from '@ragship/core';
import { promote } from '@ragship/operations';
import { describeMove, type PromotionResult } from '@ragship/promotion';
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
 * compare-and-swap alias flip with its audit entry. The work is `promote`'s (`@ragship/operations`),
 * which the admin API runs too.
 */
export async function runPromote(
  context: CliContext,
  reference: string,
  flags: PromoteFlags,
): Promise<PromotionResult> {
  const ref = parseIndexRef(reference);
  if (flags.from && ref.kind !== 'kb') {
    throw new InvalidInputError('Give either <kb>@<version> or <kb> --from <env>, not both.');
  }
  if (!flags.from && ref.kind === 'kb') {
    throw new InvalidInputError(`Say which version to promote: ${ref.kb}@v<N>, or ${ref.kb} --from <env>.`);
  }
  if (flags.force && !flags.reason?.trim()) {
    throw new InvalidInputError('--force needs --reason "<why>": the override is written to the audit log.', 'reason');
  }
  const reporter = createPromotionReporter({ json: context.output.json });
  let result: PromotionResult;
  try {
    result = await promote(context, {
      kb: ref.kb,
      version: ref.kind === 'version' ? ref.version : undefined,
      from: ref.kind === 'environment' ? ref.environment : flags.from,
      to: flags.to,
      actor: context.actor(),
      dryRun: flags.dryRun,
      verifyAll: flags.verify,
      allowEmbedderChange: flags.allowEmbedderChange,
      force: flags.force ? { reason: flags.reason ?? '' } : undefined,
      baseline: flags.baseline,
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
