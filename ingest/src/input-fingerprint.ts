import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isExcluded } from './loaders/is-excluded.js';
import { listFiles } from './loaders/list-files.js';

/**
 * The `inputFingerprint` of a run: sha256 over every file it would read under `root` (relative
 * path, size, modification time and a sha256 of the bytes) plus `settings` (exclude patterns,
 * rejection budget): an unchanged SciFact re-run takes ~100 ms this way, against ~2 s to load
 * and validate its 5,183 records. Null when the directory cannot be read: the run then goes on and reports why.
 */
export async function inputFingerprint(
  root: string,
  settings: { exclude: readonly string[]; maxRejected?: string | number | undefined },
): Promise<string | null> {
  try {
    const absoluteRoot = path.resolve(root);
    const files = (await listFiles(absoluteRoot)).filter((file) => !isExcluded(file, settings.exclude));
    const whole = createHash('sha256').update(JSON.stringify([settings.exclude, settings.maxRejected ?? null]));
    for (const file of files) {
      const absolute = path.join(absoluteRoot, file);
      const [info, bytes] = await Promise.all([stat(absolute), readFile(absolute)]);
      const digest = createHash('sha256').update(bytes).digest('hex');
      whole.update(`\n${file}\0${info.size}\0${info.mtimeMs}\0${digest}`);
    }
    return whole.digest('hex');
  } catch {
    return null;
  }
}
