/**
 * Variables a local Chroma server (and the supervisor that runs it) gets from the environment
 * it is started from: where programs and temporary files are, the locale and the time zone, the
 * Rust log level, and Chroma's own settings. Everything else, API keys and passwords included,
 * stays behind: `chroma run` needs none of it (it starts with an empty environment too).
 */
const PASSED_NAMES: ReadonlySet<string> = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'TMP',
  'TEMP',
  'SQLITE_TMPDIR',
  'LANG',
  'LANGUAGE',
  'TZ',
  'RUST_LOG',
  // Node on Windows needs these to start and to open sockets.
  'SYSTEMROOT',
  'WINDIR',
]);

/** Prefixes of passed variables: the locale categories and Chroma's settings. */
const PASSED_PREFIXES: readonly string[] = ['LC_', 'CHROMA_'];

/** Credentials among Chroma's variables (a client's `CHROMA_API_KEY` for Chroma Cloud): never passed. */
const CREDENTIAL_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/;

/**
 * The part of `environment` a local Chroma server is started with (see {@link PASSED_NAMES}),
 * with `RUST_BACKTRACE` turned off: a Rust backtrace would push the panic message itself out of
 * the log tail. Names are compared case-insensitively, as Windows does.
 */
export function chromaServerEnvironment(environment: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const passed: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined && isPassed(name.toUpperCase())) passed[name] = value;
  }
  return { ...passed, RUST_BACKTRACE: '0' };
}

function isPassed(name: string): boolean {
  if (PASSED_NAMES.has(name)) return true;
  return PASSED_PREFIXES.some((prefix) => name.startsWith(prefix)) && !CREDENTIAL_NAME.test(name);
}
