import { InvalidInputError, NotFoundError, formatIndexRef, parseIndexRef, type Manifest } from '@ragship/core';
import type { Registry, VersionRecord } from '@ragship/registry';

/** The version `<kb>@v<N>` or `<kb>@<env>` names; throws a clear error when there is none. */
export async function resolveVersion(registry: Registry, reference: string): Promise<VersionRecord> {
  const ref = parseIndexRef(reference);
  let version: number;
  if (ref.kind === 'version') version = ref.version;
  else if (ref.kind === 'environment') {
    const alias = await registry.getAlias(ref.environment, ref.kb);
    if (!alias) throw new NotFoundError('alias', reference, `Nothing is promoted to ${reference}.`);
    version = alias.version;
  } else throw new InvalidInputError(`Say which version: ${ref.kb}@v<N> or ${ref.kb}@<env>.`);
  const record = await registry.getVersion(ref.kb, version);
  if (!record) {
    const name = formatIndexRef(ref.kb, version);
    throw new NotFoundError('version', name, `No version ${name}.`);
  }
  return record;
}

/** The manifest of the version `reference` names; throws when the version is not ready. */
export async function resolveManifest(registry: Registry, reference: string): Promise<Manifest> {
  const record = await resolveVersion(registry, reference);
  if (!record.manifest) {
    throw new NotFoundError('version', reference, `${reference} is ${record.status}, not ready; it has no manifest.`);
  }
  return record.manifest;
}
