import { ConflictError, formatIndexRef } from '@ragship/core';
import type { Registry, VersionRecord } from '@ragship/registry';
import { segmentsOfVersion, type VectorStore } from '@ragship/vector-store';

/**
 * Finds versions of `kb` left `building` by a run that died (kill -9, power loss), deletes the
 * segments they wrote and marks them `failed`, so the next run starts from the last ready
 * version as a clean run would. Refuses with {@link ConflictError} while another run is alive.
 * `versions` is `kb`'s list as the caller just read it. Returns the versions cleaned up.
 */
export async function recoverInterruptedRuns(options: {
  kb: string;
  registry: Registry;
  store: VectorStore;
  versions: VersionRecord[];
  isRunAlive: (owner: string | null) => boolean;
}): Promise<number[]> {
  const { kb, registry, store } = options;
  const building = options.versions.filter((record) => record.status === 'building');
  const recovered: number[] = [];
  for (const record of building) {
    if (options.isRunAlive(record.owner)) {
      throw new ConflictError(
        `${formatIndexRef(kb, record.version)} is being built by another run (${record.owner ?? 'unknown'}); ` +
          'wait for it to finish.',
      );
    }
    for (const segment of segmentsOfVersion(kb, record.version)) await store.deleteSegment(segment);
    await registry.finishVersion(kb, record.version, 'failed', null);
    recovered.push(record.version);
  }
  return recovered;
}
