import { createHash } from 'node:crypto';

/** sha256 of a string (UTF-8), hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The first `hexChars` hex digits of {@link sha256}, made as a string of their own: `sha256(…)
 * .slice(…)` keeps the whole digest alive behind the slice, which for ids held per chunk for a
 * whole run more than doubled their memory.
 */
export function sha256Prefix(text: string, hexChars: number): string {
  return createHash('sha256')
    .update(text, 'utf8')
    .digest()
    .toString('hex', 0, Math.ceil(hexChars / 2))
    .slice(0, hexChars);
}
