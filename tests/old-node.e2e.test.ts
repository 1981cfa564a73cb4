import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RAGSHIP_BIN } from './support/run-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE_RUNTIME = path.join(path.dirname(RAGSHIP_BIN), 'node-runtime.js');

/** The machine's own Node (Debian's `nodejs` here: 20), which may be older than ragship needs. */
const SYSTEM_NODE = '/usr/bin/node';
const systemNodeVersion = existsSync(SYSTEM_NODE)
  ? execFileSync(SYSTEM_NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
  : undefined;
const [major = 0, minor = 0] = (systemNodeVersion ?? '').split('.').map(Number);
const systemNodeIsOld = systemNodeVersion !== undefined && (major < 22 || (major === 22 && minor < 22));
const withOldSystemNode = it.skipIf(!systemNodeIsOld); // reason: /usr/bin/node is absent or already ≥ 22.22

/** Runs `node …args` to completion; never rejects. */
function runNode(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(SYSTEM_NODE, args, { ...options, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

// The first run in a fresh clone downloads Node 24 (about 50 MB) from the npm registry.
const DOWNLOAD_TIMEOUT_MS = 300_000;

describe('ragship on a Node older than 22.22', () => {
  withOldSystemNode(
    'when run with it, then the command runs on a Node 24 fetched into .ragship/node',
    async () => {
      const run = await runNode([RAGSHIP_BIN, '--help'], { cwd: ROOT });

      // Without the fetched Node, loading the CLI fails on node:sqlite before commander prints anything.
      expect(run.stderr).not.toMatch(/ERR_UNKNOWN_BUILTIN_MODULE|\n\s+at /);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage: ragship \[options\] \[command\]/);
      expect(readdirSync(path.join(ROOT, '.ragship', 'node'))).toContainEqual(expect.stringMatching(/^v24\.\d+\.\d+$/));
    },
    DOWNLOAD_TIMEOUT_MS,
  );

  withOldSystemNode(
    'when .ci/run asks node-runtime.js for a node, then it gets the bin directory of the fetched Node 24',
    async () => {
      const run = await runNode([NODE_RUNTIME, '--print-bin-dir'], { cwd: ROOT });

      expect(run.code).toBe(0);
      const binDir = run.stdout.trim();
      expect(path.dirname(path.dirname(binDir))).toBe(path.join(ROOT, '.ragship', 'node'));
      expect(path.relative(path.join(ROOT, '.ragship', 'node'), binDir)).toMatch(/^v24\.\d+\.\d+\/bin$/);
      expect(execFileSync(path.join(binDir, 'node'), ['--version'], { encoding: 'utf8' })).toMatch(/^v24\./);
    },
    DOWNLOAD_TIMEOUT_MS,
  );

  withOldSystemNode(
    'when no Node 24 can be fetched (no npm on PATH), then it stops with one line naming both Nodes and the fix',
    async () => {
      // A checkout of the bin files alone, so that no Node is cached beside them.
      const checkout = mkdtempSync(path.join(tmpdir(), 'ragship-old-node-'));
      try {
        const binDir = path.join(checkout, 'apps', 'cli', 'bin');
        cpSync(path.dirname(RAGSHIP_BIN), binDir, { recursive: true });
        writeFileSync(path.join(checkout, 'apps', 'cli', 'package.json'), '{ "type": "module" }\n');
        const emptyPath = path.join(checkout, 'empty-path');
        mkdirSync(emptyPath);

        const run = await runNode([path.join(binDir, 'ragship.js'), '--help'], {
          cwd: checkout,
          env: { PATH: emptyPath },
        });

        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe(
          `ragship needs Node.js ≥ 22.22 (found ${systemNodeVersion}) and could not fetch it: npm was not found on ` +
            'PATH. Install Node 24 (nvm install 24) and run again.\n',
        );
        expect(existsSync(path.join(checkout, '.ragship'))).toBe(false);
      } finally {
        rmSync(checkout, { recursive: true, force: true });
      }
    },
  );
});
