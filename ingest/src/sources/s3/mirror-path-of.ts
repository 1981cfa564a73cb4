import path from 'node:path';

/**
 * Where `key` is mirrored under `objectsDir` (its `/`-separated segments as directories), or
 * undefined when that path would not lie inside `objectsDir`.
 */
export function mirrorPathOf(objectsDir: string, key: string): string | undefined {
  const root = path.resolve(objectsDir);
  const target = path.resolve(root, ...key.split('/'));
  return target.startsWith(`${root}${path.sep}`) ? target : undefined;
}
