import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Deletes every file under `directory` whose `/`-separated relative path is not in `keep` (objects
 * removed from the bucket, leftovers of an interrupted run), then the directories left empty.
 * A missing `directory` is fine.
 */
export async function pruneMirror(directory: string, keep: ReadonlySet<string>): Promise<void> {
  await pruneUnder(directory, '', keep);
}

/** Prunes `relativeDirectory`; true when it is left empty. */
async function pruneUnder(root: string, relativeDirectory: string, keep: ReadonlySet<string>): Promise<boolean> {
  const absolute = path.join(root, ...relativeDirectory.split('/'));
  const entries = await readdir(absolute, { withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  let remaining = entries.length;
  for (const entry of entries) {
    const relativePath = relativeDirectory === '' ? entry.name : `${relativeDirectory}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!(await pruneUnder(root, relativePath, keep))) continue;
      await rmdir(path.join(absolute, entry.name));
      remaining -= 1;
    } else if (!keep.has(relativePath)) {
      await rm(path.join(absolute, entry.name), { force: true });
      remaining -= 1;
    }
  }
  return remaining === 0;
}
