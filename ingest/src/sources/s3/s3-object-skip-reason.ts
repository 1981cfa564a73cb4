import path from 'node:path';
import { knownFileExtensions } from '../../loaders/load-directory.js';
import type { ListedS3Object } from './list-s3-objects.js';

const KNOWN_EXTENSIONS = new Set(knownFileExtensions());

/**
 * Why `object` is not downloaded, or undefined when it is: a key that is no safe relative path (an
 * empty, `.` or `..` segment, a NUL), a hidden or `node_modules` path the loader would not read, a
 * type no loader knows, or a listed size over `maxFileBytes`.
 */
export function s3ObjectSkipReason(object: ListedS3Object, maxFileBytes: number): string | undefined {
  const segments = object.key.split('/');
  if (object.key.includes('\0') || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return 'key is not a plain relative path (an empty, "." or ".." segment): not downloaded';
  }
  if (segments.some((segment) => segment.startsWith('.') || segment === 'node_modules')) {
    return 'hidden path (a name starting with ".") or node_modules, which ingestion does not read: not downloaded';
  }
  const extension = path.posix.extname(object.key).toLowerCase();
  if (!KNOWN_EXTENSIONS.has(extension)) {
    const type = extension === '' ? '(no extension)' : `"${extension}"`;
    return `unsupported file type ${type}: not downloaded`;
  }
  if (object.size > maxFileBytes) {
    return `file too large: ${object.size} bytes, over maxFileBytes (${maxFileBytes}): not downloaded`;
  }
  return undefined;
}
