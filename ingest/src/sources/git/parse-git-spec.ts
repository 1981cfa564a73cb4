import { InvalidInputError, maskUrlSecrets } from '@ragship/core';

/** A user name and password (or token) for an `http(s)://` repository, sent as HTTP Basic authentication. */
export interface GitCredentials {
  username: string;
  /** Empty when the URL carried a user name alone (`https://<token>@host/…`). */
  password: string;
}

/** A git source spec taken apart by {@link parseGitSpec}. */
export interface GitSpec {
  /** What git is given: the URL without `git+`, the `#…` fragment and any user name or password. */
  url: string;
  /**
   * The spec as given, credential-free and with its fragment normalised
   * (`git+https://host/repo.git#main:docs`): safe for logs, errors and manifests.
   */
  location: string;
  /** The repository alone, credential-free and without the fragment (`git+https://host/repo.git`): for messages and citations. */
  repository: string;
  /** The branch, tag, full ref name (`refs/…`) or full commit SHA after `#`; null for the remote's default branch. */
  ref: string | null;
  /** The directory after `#<ref>:`, relative to the repository root with `/` separators; null for the whole tree. */
  subPath: string | null;
  /** The user name and password the URL carried (`https://user:password@…`), taken out of `url` and `location`. */
  credentials?: GitCredentials;
}

const SCHEMES = ['https', 'http', 'ssh', 'file'];
const SCHEME_LIST = 'git+https://, git+http://, git+ssh:// or git+file://';

// What git's check-ref-format refuses anywhere in a ref name, and what would read as a command-line option.
const BAD_REF_CHARACTER = /[\s\p{Cc}~^:?*[\\]/u;

/**
 * Parses a git source spec: `git+https://…`, `git+http://…`, `git+ssh://…` or `git+file://…`,
 * optionally followed by Docker's build-context fragment `#<ref>`, `#<ref>:<sub-path>` or
 * `#:<sub-path>` (the default branch's sub-path), e.g. `git+https://github.com/acme/handbook.git#v1.2:docs`.
 *
 * @throws InvalidInputError naming what is wrong (an unknown scheme, an empty or malformed ref, a
 *   sub-path with `..`), never quoting a user name or password.
 */
export function parseGitSpec(spec: string): GitSpec {
  const trimmed = spec.trim();
  const scheme = /^git\+([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    throw new InvalidInputError(
      `A git source starts with ${SCHEME_LIST}, e.g. git+https://github.com/acme/handbook.git#main:docs.`,
      'source',
    );
  }
  if (!SCHEMES.includes(scheme)) {
    throw new InvalidInputError(`Unsupported git URL scheme "git+${scheme}://": use ${SCHEME_LIST}.`, 'source');
  }
  const hashAt = trimmed.indexOf('#');
  const address = trimmed.slice('git+'.length, hashAt === -1 ? undefined : hashAt);
  const { ref, subPath } = parseFragment(hashAt === -1 ? null : trimmed.slice(hashAt + 1));
  const { url, credentials } = splitCredentials(address, scheme);
  const fragment = ref === null && subPath === null ? '' : `#${ref ?? ''}${subPath === null ? '' : `:${subPath}`}`;
  const repository = maskUrlSecrets(`git+${url}`);
  return { url, location: `${repository}${fragment}`, repository, ref, subPath, ...(credentials && { credentials }) };
}

function parseFragment(fragment: string | null): { ref: string | null; subPath: string | null } {
  if (fragment === null) return { ref: null, subPath: null };
  const colonAt = fragment.indexOf(':');
  const ref = colonAt === -1 ? fragment : fragment.slice(0, colonAt);
  const subPath = colonAt === -1 ? null : fragment.slice(colonAt + 1);
  if (ref === '' && subPath === null) {
    throw new InvalidInputError(
      "Empty git ref after '#': give a branch, tag or commit (#main), or leave out '#' for the default branch.",
      'ref',
    );
  }
  return { ref: ref === '' ? null : checkRef(ref), subPath: subPath === null ? null : normaliseSubPath(subPath) };
}

function checkRef(ref: string): string {
  const malformed =
    BAD_REF_CHARACTER.test(ref) ||
    ref.startsWith('-') ||
    ref.startsWith('/') ||
    ref.endsWith('/') ||
    ref.endsWith('.') ||
    ref.endsWith('.lock') ||
    ref.includes('..') ||
    ref.includes('//') ||
    ref.includes('@{') ||
    ref === '@';
  if (malformed) {
    throw new InvalidInputError(
      `Invalid git ref ${JSON.stringify(ref)} after '#': give a branch or tag name (#main, #v1.2), a full ref ` +
        '(#refs/heads/main) or a full commit SHA.',
      'ref',
    );
  }
  return ref;
}

/** `subPath` with `.` segments and repeated or trailing `/` removed; null when that leaves the whole tree. */
function normaliseSubPath(subPath: string): string | null {
  const problem = subPathProblem(subPath);
  if (problem !== null) {
    throw new InvalidInputError(`The git sub-path ${JSON.stringify(subPath)} ${problem}.`, 'subPath');
  }
  const segments = subPath.split('/').filter((segment) => segment !== '' && segment !== '.');
  return segments.length === 0 ? null : segments.join('/');
}

function subPathProblem(subPath: string): string | null {
  if (subPath === '') return "is empty: give a directory (#main:docs) or leave out ':'";
  if (/[\\\p{Cc}]/u.test(subPath)) return 'has a backslash or a control character: separate directories with /';
  if (subPath.startsWith('/')) return 'must be relative to the repository root (docs, not /docs)';
  if (subPath.split('/').includes('..')) return "must not contain '..': it names a directory inside the repository";
  return null;
}

function splitCredentials(address: string, scheme: string): { url: string; credentials?: GitCredentials } {
  const parsed = URL.parse(address);
  if (parsed === null || (scheme !== 'file' && parsed.hostname === '')) {
    // The address is not quoted: it may carry a password.
    throw new InvalidInputError(
      `The git source is not a valid ${scheme}:// URL after "git+", e.g. git+${scheme}://${scheme === 'file' ? '/srv/repos/handbook.git' : 'example.com/acme/handbook.git'}.`,
      'source',
    );
  }
  const hasUser = parsed.username !== '' || parsed.password !== '';
  if (scheme === 'ssh' && parsed.password !== '') {
    throw new InvalidInputError(
      'An ssh:// git URL cannot carry a password: git signs in over ssh with keys (an ssh agent, ~/.ssh, GIT_SSH_COMMAND).',
      'source',
    );
  }
  if (scheme === 'file') {
    if (hasUser || !['', 'localhost'].includes(parsed.hostname) || parsed.pathname === '/') {
      throw new InvalidInputError(
        'A file:// git URL names a repository on this machine by its absolute path, e.g. git+file:///srv/repos/handbook.git.',
        'source',
      );
    }
  }
  if (scheme === 'ssh' || scheme === 'file' || !hasUser) return { url: address };
  const credentials = { username: decodeUserInfo(parsed.username), password: decodeUserInfo(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, credentials };
}

function decodeUserInfo(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch (error) {
    throw new InvalidInputError(
      'The user name or password in the git URL has a malformed %-escape: percent-encode it (@ as %40, % as %25).',
      'source',
      { cause: error },
    );
  }
}
