import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Paths relative to `root` (`/`-separated) of the files and symbolic links under it, recursively,
 * in code-unit order so every run walks the same sequence. Hidden entries (name starting with
 * `.`) and `node_modules` are left out with everything under them; sockets and FIFOs too.
 */
export async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (relativeDirectory: string): Promise<void> => {
    const entries = await readdir(path.join(root, relativeDirectory), { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const relativePath = relativeDirectory === '' ? entry.name : `${relativeDirectory}/${entry.name}`;
      if (entry.isDirectory()) await visit(relativePath);
      else if (entry.isFile() || entry.isSymbolicLink()) files.push(relativePath);
    }
  };
  await visit('');
  return files.sort();
}
