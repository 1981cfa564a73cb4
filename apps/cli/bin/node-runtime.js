#!/usr/bin/env node
/**
 * Gets ragship a Node.js new enough for it (node-version.js) when the `node` running it is older:
 * fetches Node 24 once from the npm registry (fetch-node.js) into `.ragship/node/v24.x.y/` at the
 * repository root and re-runs the same command on it (rerun-on-node.js). Where that cannot work,
 * it stops with one line saying which Node it found, which it needs and how to get it.
 *
 * It runs on whatever `node` the machine has: no dependencies, no syntax newer than Node 18.
 * `bin/ragship.js` loads it only on an older Node; `.ci/run` runs it as
 * `node apps/cli/bin/node-runtime.js --print-bin-dir`, which prints the directory of a new enough
 * `node` to put first on PATH.
 *
 * Functions that touch the running process take it as `host` (`process` itself in use; tests
 * pass their own): `versions`, `platform`, `arch`, `argv`, `execArgv`, `execPath`, `env`, `pid`,
 * `stdout`, `stderr`, and `on`/`off`/`listenerCount`/`kill` for signals.
 */
import { realpathSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NodeUnavailableError, fetchNode, findCachedNode, isOnPath, nodePackageFor } from './fetch-node.js';
import { FETCHED_NODE_MAJOR, MINIMUM_NODE_VERSION, isSupportedNode, refusalMessage } from './node-version.js';
import { RELAYED_SIGNALS, rerunOnNode } from './rerun-on-node.js';

/** Where fetched Node.js versions are kept, one directory each: `.ragship/node` at the repository root. */
export const NODE_CACHE_DIR = fileURLToPath(new URL('../../../.ragship/node', import.meta.url));

/**
 * A Node.js ragship runs on: the newest of major {@link FETCHED_NODE_MAJOR} in `cacheDir`, else
 * one fetched there, announced on `host.stderr`. Throws {@link NodeUnavailableError} when there is
 * none to be had; stops when `signal` aborts.
 *
 * @returns {Promise<{ version: string, binDir: string, nodePath: string }>}
 */
export async function provisionNode(host, { cacheDir = NODE_CACHE_DIR, signal } = {}) {
  const { platform, arch, env, stderr } = host;
  const cached = findCachedNode(cacheDir, FETCHED_NODE_MAJOR, platform);
  if (cached) return cached;
  const packageName = nodePackageFor(platform, arch);
  if (packageName === undefined) {
    throw new NodeUnavailableError(`the npm registry has no Node.js package for ${platform}-${arch}`);
  }
  if (!isOnPath('npm', env, platform)) throw new NodeUnavailableError('npm was not found on PATH');

  stderr.write(
    `Node ${host.versions.node} is older than ${MINIMUM_NODE_VERSION}: fetching Node ${FETCHED_NODE_MAJOR} ` +
      `from the npm registry (once, into .ragship/node)…\n`,
  );
  const started = Date.now();
  const node = await fetchNode({ packageName, major: FETCHED_NODE_MAJOR, cacheDir, env, platform, stderr, signal });
  stderr.write(`Node ${node.version} is ready (${Math.round((Date.now() - started) / 1000)} s).\n`);
  return node;
}

/**
 * Runs the command `host` was started with again on a Node.js ragship runs on and resolves with
 * its exit code. When there is no such Node, writes one line to `host.stderr` and resolves with 1.
 */
export async function rerunOnSupportedNode(host, options = {}) {
  const node = await provisionOrRefuse(host, options);
  if (typeof node === 'number') return node;
  try {
    return await rerunOnNode(node, host);
  } catch (error) {
    host.stderr.write(`${refusalMessage(host.versions.node, `${node.nodePath} did not start (${error.message})`)}\n`);
    return 1;
  }
}

/**
 * `node node-runtime.js --print-bin-dir` (what `.ci/run` runs): prints the directory of a `node`
 * ragship runs on, the running one's when it is new enough; resolves with the exit code.
 */
export async function printBinDir(host, options = {}) {
  if (host.argv.length !== 3 || host.argv[2] !== '--print-bin-dir') {
    host.stderr.write('usage: node node-runtime.js --print-bin-dir\n');
    return 2;
  }
  if (isSupportedNode(host.versions.node)) {
    host.stdout.write(`${dirname(host.execPath)}\n`);
    return 0;
  }
  const node = await provisionOrRefuse(host, options);
  if (typeof node === 'number') return node;
  host.stdout.write(`${node.binDir}\n`);
  return 0;
}

/** {@link provisionNode}, or the exit code: 1 after the one-line refusal, 128 + n when signal n stopped it. */
async function provisionOrRefuse(host, options) {
  const controller = new AbortController();
  let stoppedBy;
  const stop = (signal) => {
    stoppedBy = signal;
    controller.abort();
  };
  for (const signal of RELAYED_SIGNALS) host.on(signal, stop);
  try {
    return await provisionNode(host, { ...options, signal: controller.signal });
  } catch (error) {
    // A Ctrl-C reaches npm or tar too, which may end before this process hears of it.
    const interruption = stoppedBy || (RELAYED_SIGNALS.includes(error.endedBy) ? error.endedBy : undefined);
    if (interruption) return 128 + constants.signals[interruption];
    // Anything else that went wrong (a read-only checkout, say) is told the same way: one line.
    host.stderr.write(`${refusalMessage(host.versions.node, error.message)}\n`);
    return 1;
  } finally {
    for (const signal of RELAYED_SIGNALS) host.off(signal, stop);
  }
}

function isMainModule() {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMainModule()) {
  printBinDir(process).then((code) => {
    process.exitCode = code;
  });
}
