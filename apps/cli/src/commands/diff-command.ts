import { InvalidInputError, NotFoundError } from '@ragship/core';
import { diffManifests } from '@ragship/ingest';
import type { CliContext } from '../cli-context.js';
import { resolveVersion } from './resolve-version.js';

/** `ragship diff <kb>@<a> <kb>@<b>`: documents added, changed and removed from a to b. */
export async function runDiff(context: CliContext, from: string, to: string): Promise<void> {
  const [fromManifest, toManifest] = await Promise.all([manifestOf(context, from), manifestOf(context, to)]);
  if (fromManifest.kb !== toManifest.kb)
    throw new InvalidInputError(`Compare versions of one kb, not ${from} and ${to}.`);
  const diff = diffManifests(fromManifest, toManifest);
  context.output.result(diff, () =>
    [
      `${diff.kb}@${diff.from} → ${diff.kb}@${diff.to}: ${diff.added.length} added, ` +
        `${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged.`,
      ...diff.added.map((docId) => `+ ${docId}`),
      ...diff.changed.map((docId) => `~ ${docId}`),
      ...diff.removed.map((docId) => `- ${docId}`),
    ].join('\n'),
  );
}

async function manifestOf(context: CliContext, reference: string) {
  const record = await resolveVersion(context, reference);
  if (!record.manifest) {
    throw new NotFoundError('version', reference, `${reference} is ${record.status}, not ready; it has no manifest.`);
  }
  return record.manifest;
}
