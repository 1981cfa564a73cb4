import { assertKbName } from '@ragship/core';
import { auditHistory, type HistoryEntry } from '@ragship/operations';
import type { CliContext } from '../cli-context.js';

/**
 * `ragship history [kb] [--env <env>] [--limit <n>]`: the audit log, newest first: promotions,
 * rollbacks, refusals by quality gates and deletions, each with the build that ran it when known.
 */
export async function runHistory(
  context: CliContext,
  kb: string | undefined,
  flags: { env?: string; limit?: number },
): Promise<HistoryEntry[]> {
  if (kb) assertKbName(kb);
  if (flags.env) context.requireEnvironment(flags.env);
  const entries = await auditHistory(context.registry, {
    ...(kb ? { kb } : {}),
    ...(flags.env ? { environment: flags.env } : {}),
    limit: flags.limit ?? 50,
  });
  context.output.result(entries, () =>
    entries.length === 0
      ? 'No promotions, rollbacks, refusals or deletions recorded yet.'
      : entries.map(describeEntry).join('\n'),
  );
  return entries;
}

function describeEntry(entry: HistoryEntry): string {
  const what =
    entry.action === 'delete'
      ? `deleted ${entry.kb}@${entry.from}`
      : entry.action === 'refuse'
        ? `${entry.kb}@${entry.environment}: ${entry.to} refused, stays on ${entry.from ?? '(none)'}`
        : `${entry.kb}@${entry.environment}: ${entry.from ?? '(none)'} → ${entry.to}`;
  const { gates } = entry;
  const gateNote = gates.length ? `  gates ${gates.filter((gate) => gate.passed).length}/${gates.length} passed` : '';
  const build = (entry.details.build as { build?: unknown } | undefined)?.build;
  const buildNote = typeof build === 'string' ? `  build ${shortBuild(build)}` : '';
  return `${entry.at}  ${entry.action.padEnd(8)}  ${entry.actor.padEnd(12)}  ${what}${gateNote}${buildNote}`;
}

/** An image digest or git SHA cut to what a person compares: `sha256:` and 12 hex digits, or 12 of a SHA. */
function shortBuild(build: string): string {
  const digest = build.split('@').at(-1) ?? build;
  return digest.startsWith('sha256:') ? digest.slice(0, 'sha256:'.length + 12) : digest.slice(0, 12);
}
