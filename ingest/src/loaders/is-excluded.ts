import path from 'node:path';

/** Whether the `/`-separated relative path, or one of the directories it is in, matches an exclude glob. */
export function isExcluded(relativePath: string, exclude: readonly string[]): boolean {
  if (exclude.length === 0) return false;
  const segments = relativePath.split('/');
  const pathAndAncestors = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  return exclude.some((pattern) => pathAndAncestors.some((candidate) => path.posix.matchesGlob(candidate, pattern)));
}
