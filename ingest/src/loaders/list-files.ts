import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';

/** What {@link listFiles} found under a root. */
export interface ListedFiles {
  /** Paths relative to the root (`/`-separated) of the files and symbolic links to load, in code-unit order. */
  files: string[];
  /** Symbolic links whose target is outside the root, left out (unless `followLinksOutside`). */
  outside: string[];
}

/**
 * The files and symbolic links under `root`, recursively, in code-unit order so every run walks the
 * same sequence. Hidden entries (name starting with `.`) and `node_modules` are left out with
 * everything under them; sockets and FIFOs too. A symbolic link whose target lies outside `root`
 * (e.g. `../../var/run/secrets/…`) is listed in `outside` instead, so nothing outside the ingested
 * directory is read, unless `followLinksOutside` is set. A dangling link stays in `files` (loading
 * it says why it cannot be read).
 */
export async function listFiles(root: string, options: { followLinksOutside?: boolean } = {}): Promise<ListedFiles> {
  const files: string[] = [];
  const outside: string[] = [];
  const realRoot = await realpath(root);
  const visit = async (relativeDirectory: string): Promise<void> => {
    const entries = await readdir(path.join(root, relativeDirectory), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const relativePath = relativeDirectory === '' ? entry.name : `${relativeDirectory}/${entry.name}`;
      if (entry.isDirectory()) await visit(relativePath);
      else if (entry.isFile()) files.push(relativePath);
      else if (entry.isSymbolicLink()) {
        const escapes = !options.followLinksOutside && (await pointsOutside(realRoot, path.join(root, relativePath)));
        (escapes ? outside : files).push(relativePath);
      }
    }
  };
  await visit('');
  return { files: files.sort(), outside: outside.sort() };
}

/** Whether the link at `linkPath` resolves to a place outside `realRoot`; false when it resolves nowhere. */
async function pointsOutside(realRoot: string, linkPath: string): Promise<boolean> {
  const target = await realpath(linkPath).catch(() => null);
  if (target === null) return false;
  return target !== realRoot && !target.startsWith(`${realRoot}${path.sep}`);
}
