import { InvalidInputError, NotFoundError, formatIndexRef, parseIndexRef } from '@ragship/core';
import { diffManifests } from '@ragship/ingest';
import type { CliContext } from '../cli-context.js';

/** `ragship diff <kb>@<a> <kb>@<b>`: documents added, changed and removed from a to b. */
export async function runDiff(context: CliContext, from: string, to: string): Promise<void> {
  const [fromManifest, toManifest] = await Promise.all([manifestOf(context, from), manifestOf(context, to)]);
  if (fromManifest.kb !== toManifest.kb)
    throw new InvalidInputError(`Compare versions of one kb, not ${from} and ${to}.`);
  const diff = diffManifests(fromManifest, toManifest);
  context.output.result(diff, () =>
    [
      `${diff.kb}@${diff.from} → ${diff.kb}@${diff.to}: ${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed, ${diff.unchanged} unchanged.`,
      ...diff.added.map((docId) => `+ ${docId}`),
      ...diff.changed.map((docId) => `~ ${docId}`),
      ...diff.removed.map((docId) => `- ${docId}`),
    ].join('\n'),
  );
}

async function manifestOf(context: CliContext, reference: string) {
  const ref = parseIndexRef(reference);
  let version: number;
  if (ref.kind === 'version') version = ref.version;
  else if (ref.kind === 'environment') {
    const alias = await context.registry.getAlias(ref.environment, ref.kb);
    if (!alias) throw new NotFoundError('alias', reference, `Nothing is promoted to ${reference}.`);
    version = alias.version;
  } else throw new InvalidInputError(`Say which version: ${ref.kb}@v<N> or ${ref.kb}@<env>.`);
  const record = await context.registry.getVersion(ref.kb, version);
  if (!record?.manifest) {
    throw new NotFoundError(
      'version',
      formatIndexRef(ref.kb, version),
      `No ready version ${formatIndexRef(ref.kb, version)}.`,
    );
  }
  return record.manifest;
}
