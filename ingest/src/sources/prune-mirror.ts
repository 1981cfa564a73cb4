import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Deletes every file under `mirrorDir` whose relative path (with `/` separators) is not in
 * `keep`, then the directories left empty. A missing mirror is an empty one.
 */
export async function pruneMirror(mirrorDir: string, keep: ReadonlySet<string>): Promise<void> {
  const entries = await readdir(mirrorDir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const directories: string[] = [];
  for (const entry of entries) {
    const absolute = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) {
      directories.push(absolute);
      continue;
    }
    const relative = path.relative(mirrorDir, absolute).split(path.sep).join('/');
    if (!keep.has(relative)) await rm(absolute, { force: true });
  }
  // Deepest first, so a parent is empty by the time its turn comes.
  directories.sort((a, b) => b.length - a.length);
  for (const directory of directories) {
    await rmdir(directory).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
    });
  }
}
