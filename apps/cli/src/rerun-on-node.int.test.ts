import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A script that re-runs itself on this Node through rerunOnNode, the way bin/ragship.js re-runs
 * ragship on a fetched Node. As the command it prints `ready <pid>`; `graceful` stops 300 ms after
 * its first SIGINT (a second one, while it stops, would end it with 130), `exit-7` exits with 7 and
 * `plain` leaves signals to Node.
 */
const fixture = (rerunModule: string) => `
import { dirname } from 'node:path';
import { hearSignalsFromParent, rerunOnNode } from ${JSON.stringify(rerunModule)};

const mode = process.argv[2];
if (hearSignalsFromParent(process)) {
  if (mode === 'exit-7') process.exit(7);
  if (mode === 'graceful') {
    process.once('SIGINT', () => {
      console.log('stopping on SIGINT');
      setTimeout(() => process.exit(0), 300);
    });
  }
  console.log('ready ' + process.pid);
  setInterval(() => {}, 1000);
} else {
  process.exitCode = await rerunOnNode({ nodePath: process.execPath, binDir: dirname(process.execPath) }, process);
}
`;

let workDir = '';
let script = '';

beforeAll(() => {
  workDir = mkdtempSync(path.join(tmpdir(), 'ragship-rerun-'));
  script = path.join(workDir, 'rerun-fixture.mjs');
  writeFileSync(script, fixture(new URL('../bin/rerun-on-node.js', import.meta.url).href));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Starts the fixture as its own process group (so a test can signal parent and command together). */
function startFixture(mode: string) {
  const parent = spawn(process.execPath, [script, mode], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  parent.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  const exited = new Promise<number | null>((resolve) => parent.on('exit', (code) => resolve(code)));
  /** The command's pid, once it printed `ready`. */
  const commandPid = () =>
    new Promise<number>((resolve, reject) => {
      const poll = setInterval(() => {
        const ready = /ready (\d+)/.exec(stdout);
        if (ready) {
          clearInterval(poll);
          resolve(Number(ready[1]));
        } else if (parent.exitCode !== null) {
          clearInterval(poll);
          reject(new Error(`the fixture exited with ${parent.exitCode} before it was ready:\n${stdout}`));
        }
      }, 20);
    });
  return { parentPid: parent.pid!, exited, commandPid, stdout: () => stdout };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const describeOnPosix = describe.skipIf(process.platform === 'win32'); // reason: Windows has no signals to pass on

describeOnPosix('rerunOnNode', () => {
  it('when the command exits by itself, then the parent exits with its code', async () => {
    const run = startFixture('exit-7');

    expect(await run.exited).toBe(7);
  });

  it('when only the parent gets SIGINT, then the command gets it once and stops gracefully', async () => {
    const run = startFixture('graceful');
    const commandPid = await run.commandPid();

    process.kill(run.parentPid, 'SIGINT');

    expect(await run.exited).toBe(0);
    expect(run.stdout().match(/stopping on SIGINT/g)).toHaveLength(1);
    expect(isRunning(commandPid)).toBe(false);
  });

  it('when SIGINT reaches parent and command together (Ctrl-C, a process group), then the command still gets it once', async () => {
    const run = startFixture('graceful');
    const commandPid = await run.commandPid();

    process.kill(-run.parentPid, 'SIGINT');

    expect(await run.exited).toBe(0);
    expect(run.stdout().match(/stopping on SIGINT/g)).toHaveLength(1);
    expect(isRunning(commandPid)).toBe(false);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'when the command leaves %s to Node and the parent gets it, then the command ends as Node would end it (%i)',
    async (signal, exitCode) => {
      const run = startFixture('plain');
      const commandPid = await run.commandPid();

      process.kill(run.parentPid, signal);

      expect(await run.exited).toBe(exitCode);
      expect(isRunning(commandPid)).toBe(false);
    },
  );
});
