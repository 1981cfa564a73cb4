import { InvalidInputError } from './errors.js';

/** A kb name: lower-case letters, digits, `-` and `_`, starting with a letter or digit, ≤ 48 chars. */
export const KB_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,47}$/;
/** An environment name, same shape as a kb name. */
export const ENVIRONMENT_NAME_PATTERN = KB_NAME_PATTERN;

/** `docs`, `docs@v7` or `docs@prod`, parsed. */
export type IndexRef =
  | { kb: string; kind: 'kb' }
  | { kb: string; kind: 'version'; version: number }
  | { kb: string; kind: 'environment'; environment: string };

/** Formats a version number the way the contract writes it: `v7`. */
export function formatVersion(version: number): string {
  return `v${version}`;
}

/** Parses `v7` (or `7`) into 7. Throws {@link InvalidInputError} otherwise. */
export function parseVersion(text: string): number {
  const match = /^v?([1-9][0-9]*)$/.exec(text);
  if (!match?.[1]) throw new InvalidInputError(`"${text}" is not a version; expected v<N>, e.g. v3.`);
  return Number(match[1]);
}

/** Throws {@link InvalidInputError} naming the rule when `kb` is not a valid kb name. */
export function assertKbName(kb: string): string {
  if (!KB_NAME_PATTERN.test(kb)) {
    throw new InvalidInputError(
      `"${kb}" is not a valid kb name: ` +
        'use 1–48 lower-case letters, digits, "-" or "_", starting with a letter or digit.',
      'kb',
    );
  }
  return kb;
}

/** Parses `<kb>`, `<kb>@v<N>` or `<kb>@<environment>`. */
export function parseIndexRef(text: string): IndexRef {
  const [kb = '', target, ...rest] = text.split('@');
  if (rest.length > 0) throw new InvalidInputError(`"${text}" has more than one "@"; expected <kb>@<version>.`);
  assertKbName(kb);
  if (target === undefined) return { kb, kind: 'kb' };
  if (/^v[0-9]+$/.test(target)) return { kb, kind: 'version', version: parseVersion(target) };
  if (ENVIRONMENT_NAME_PATTERN.test(target)) return { kb, kind: 'environment', environment: target };
  throw new InvalidInputError(`"${text}" is not <kb>@v<N> or <kb>@<environment>.`);
}

/** Formats `docs@v7`. */
export function formatIndexRef(kb: string, version: number): string {
  return `${kb}@${formatVersion(version)}`;
}
