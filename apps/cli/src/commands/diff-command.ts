import { describeSourceChange } from '@ragship/ingest';
import { compareVersions } from '@ragship/operations';
import type { CliContext } from '../cli-context.js';

/** `ragship diff <kb>@<a> <kb>@<b>`: documents added, changed and removed from a to b. */
export async function runDiff(context: CliContext, from: string, to: string): Promise<void> {
  const diff = await compareVersions(context.registry, from, to);
  context.output.result(diff, () =>
    [
      `${diff.kb}@${diff.from} → ${diff.kb}@${diff.to}: ${diff.added.length} added, ` +
        `${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged.`,
      ...(diff.source ? describeSourceChange(diff.source) : []),
      ...diff.added.map((docId) => `+ ${docId}`),
      ...diff.changed.map((docId) => `~ ${docId}`),
      ...diff.removed.map((docId) => `- ${docId}`),
    ].join('\n'),
  );
}
