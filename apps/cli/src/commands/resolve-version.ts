import { InvalidInputError, NotFoundError, formatIndexRef, parseIndexRef } from '@ragship/core';
import type { VersionRecord } from '@ragship/registry';
import type { CliContext } from '../cli-context.js';

/** The version `<kb>@v<N>` or `<kb>@<env>` names; throws a clear error when there is none. */
export async function resolveVersion(context: CliContext, reference: string): Promise<VersionRecord> {
  const ref = parseIndexRef(reference);
  let version: number;
  if (ref.kind === 'version') version = ref.version;
  else if (ref.kind === 'environment') {
    const alias = await context.registry.getAlias(ref.environment, ref.kb);
    if (!alias) throw new NotFoundError('alias', reference, `Nothing is promoted to ${reference}.`);
    version = alias.version;
  } else throw new InvalidInputError(`Say which version: ${ref.kb}@v<N> or ${ref.kb}@<env>.`);
  const record = await context.registry.getVersion(ref.kb, version);
  if (!record) {
    const name = formatIndexRef(ref.kb, version);
    throw new NotFoundError('version', name, `No version ${name}.`);
  }
  return record;
}
