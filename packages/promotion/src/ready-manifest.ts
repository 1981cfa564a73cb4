import { NotFoundError, RagshipError, formatIndexRef, type Manifest } from '@ragship/core';
import type { Registry, VersionRecord } from '@ragship/registry';

/** The manifest of a version that exists and is `ready`; a clear error otherwise. */
export async function readyManifest(registry: Registry, kb: string, version: number): Promise<Manifest> {
  const name = formatIndexRef(kb, version);
  const record: VersionRecord | undefined = await registry.getVersion(kb, version);
  if (!record) {
    const known = (await registry.listVersions(kb)).map((item) => formatIndexRef(kb, item.version));
    const hint = known.length ? ` Known: ${known.join(', ')}.` : ` kb "${kb}" has no versions.`;
    throw new NotFoundError('version', name, `No version ${name}.${hint}`, known);
  }
  if (record.status !== 'ready' || !record.manifest) {
    throw new RagshipError(
      'VERSION_NOT_READY',
      `${name} is ${record.status}, not ready; only ready versions can be promoted.`,
    );
  }
  return record.manifest;
}
