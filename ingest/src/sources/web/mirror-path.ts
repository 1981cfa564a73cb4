import path from 'node:path';
import { sha256Prefix } from '@ragship/core';
import { credentialFreeUrl } from './credential-free-url.js';
import { extensionsFor } from './web-content-types.js';

/** Where a page goes in the mirror, or why it cannot go there. */
export type MirrorPath =
  /** `exact` when the path is the URL's own path (no extension added, no query): it wins a shared path. */
  { path: string; exact: boolean } | { reason: string };

// Longest path segment kept, in bytes: file systems allow 255, and an added extension and query hash need room.
const MAX_SEGMENT_BYTES = 200;

/**
 * The mirror path of a page at `url` served as `mediaType`, which is also its docId: the URL's
 * path, percent-decoded, without the leading `/`.
 *
 * - A path ending in `/` names `index` in that directory: `/docs/` → `docs/index.html`.
 * - A name without an extension of its type gets the type's one: `/docs/faq` → `docs/faq.html`,
 *   `/api/v1.2` → `api/v1.2.html`; `/docs/guide.html` and `/notes.md` (served as text/plain) keep theirs.
 * - A query string is part of the page: its hash goes before the extension,
 *   `/list?page=2` → `list.q-<12 hex digits of sha256("?page=2")>.html` (credential values masked first).
 *
 * Two URLs can still map to one path (`/docs/faq` and `/docs/faq.html`); the mirror keeps one (see
 * `claimMirrorPaths`). A path that could leave the mirror or that the pipeline would not read is
 * refused: empty, `.` or `..` segments (also percent-encoded), encoded `/` or `\`, NUL, hidden
 * (`.name`) segments, `node_modules`, over-long segments.
 */
export function mirrorPath(url: URL, mediaType: string): MirrorPath {
  const extensions = extensionsFor(mediaType);
  const segments = url.pathname.split('/').slice(1);
  const last = segments.pop() ?? '';
  const decoded: string[] = [];
  for (const segment of [...segments, last === '' ? 'index' : last]) {
    const name = decodeSegment(segment);
    const problem = name === undefined ? 'cannot be percent-decoded' : segmentProblem(name);
    if (problem !== undefined) return { reason: `URL path segment "${segment}" ${problem}: not stored` };
    decoded.push(name!);
  }
  let fileName = decoded.pop()!;
  let extension = path.posix.extname(fileName).toLowerCase();
  let exact = last !== '';
  if (!extensions.includes(extension)) {
    extension = extensions[0] ?? '';
    fileName += extension;
    exact = false;
  }
  const query = new URL(credentialFreeUrl(url)).search;
  if (query !== '') {
    fileName = `${fileName.slice(0, fileName.length - extension.length)}.q-${sha256Prefix(query, 12)}${extension}`;
    exact = false;
  }
  return { path: [...decoded, fileName].join('/'), exact };
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function segmentProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === '.' || name === '..') return 'points to a parent directory';
  if (/[/\\\0]/.test(name)) return 'holds a path separator or NUL';
  if (name.startsWith('.') || name === 'node_modules')
    return 'names a hidden directory or file the pipeline does not read';
  if (Buffer.byteLength(name) > MAX_SEGMENT_BYTES) return `is longer than ${MAX_SEGMENT_BYTES} bytes`;
  return undefined;
}
