import type { GitCredentials } from './parse-git-spec.js';

/**
 * Variables git gets from the environment it is started from: where programs, the home directory
 * (the user's git configuration and `~/.ssh`) and temporary files are, the locale, proxies, TLS
 * trust and the user's ssh setup. Variables that would point git at another repository, index or
 * configuration (`GIT_DIR`, `GIT_INDEX_FILE`, `GIT_CONFIG_*`…) and everything else stay behind.
 */
const PASSED_NAMES: ReadonlySet<string> = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'TMPDIR',
  'LANG',
  'LANGUAGE',
  'TZ',
  'XDG_CONFIG_HOME',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CURL_CA_BUNDLE',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSH_AUTH_SOCK',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  // Windows needs these to start programs and open sockets.
  'SYSTEMROOT',
  'WINDIR',
]);

/**
 * The environment a git command runs in: the part of `environment` git needs (see
 * {@link PASSED_NAMES}; proxies in either case), `GIT_TERMINAL_PROMPT=0` so a missing password
 * fails instead of waiting for a terminal, and, with `credentials`, an `Authorization: Basic`
 * header for `origin` (the repository's `scheme://host:port/`) as git configuration through
 * `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_0`/`GIT_CONFIG_VALUE_0`, so the secret is on no command line
 * and in no file.
 */
export function gitEnvironment(
  environment: NodeJS.ProcessEnv = {},
  credentials?: { origin: string; credentials: GitCredentials },
): NodeJS.ProcessEnv {
  const passed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined && PASSED_NAMES.has(name.toUpperCase())) passed[name] = value;
  }
  passed.GIT_TERMINAL_PROMPT = '0';
  if (credentials !== undefined) {
    passed.GIT_CONFIG_COUNT = '1';
    passed.GIT_CONFIG_KEY_0 = `http.${credentials.origin}/.extraHeader`;
    passed.GIT_CONFIG_VALUE_0 = basicAuthorization(credentials.credentials);
  }
  return passed;
}

/** The `Authorization` header line for `credentials`. */
export function basicAuthorization(credentials: GitCredentials): string {
  const token = Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64');
  return `Authorization: Basic ${token}`;
}
