import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { afterEach, describe, expect, it } from 'vitest';

import { spawnSupervisedProcess, type SupervisedProcess } from './supervised-process.js';
import { supervisorScriptPath } from './supervisor-script-path.js';

/** A command that says "ready" and then runs until it is killed; SIGTERM makes it exit with 7. */
const exitsWithSevenOnSigterm = [
  '-e',
  "process.on('SIGTERM', () => process.exit(7)); console.log('ready'); setInterval(() => {}, 1000);",
];
/** A command that says "ready" and ignores SIGTERM. */
const ignoresSigterm = ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);"];

const started: SupervisedProcess[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((supervised) => supervised.stop(100)));
});

/**
 * Whether `pid` is a running process. A zombie counts as gone: a command killed together with its
 * supervisor is reparented to init, which may take a second to reap it.
 */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return !existsSync('/proc/self/stat'); // Without procfs (not Linux), trust the signal check.
  }
  return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
}

async function startUntilReady(commandArguments: string[]): Promise<SupervisedProcess> {
  let markReady = (): void => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const supervised = spawnSupervisedProcess(process.execPath, commandArguments, {
    onLog: (line) => line === 'ready' && markReady(),
  });
  started.push(supervised);
  await ready;
  return supervised;
}

describe('spawnSupervisedProcess', () => {
  it('when the command exits by itself, then exited reports its exit code and its output', async () => {
    const supervised = spawnSupervisedProcess(process.execPath, ['-e', "console.error('bye'); process.exit(3)"]);

    const exit = await supervised.exited;

    expect(exit.code).toBe(3);
    expect(supervised.logTail.lines()).toEqual(['bye']);
    expect(supervised.hasExited()).toBe(true);
  });

  it('when stopped, then the command gets SIGTERM and its pid was reported', async () => {
    const supervised = await startUntilReady(exitsWithSevenOnSigterm);
    const pid = await supervised.pid;

    await supervised.stop();

    expect(pid).toEqual(expect.any(Number));
    expect((await supervised.exited).code).toBe(7);
    expect(processIsAlive(pid ?? -1)).toBe(false);
  });

  it('when the command ignores SIGTERM, then stop() kills it once the grace period is over', async () => {
    const supervised = await startUntilReady(ignoresSigterm);
    const pid = await supervised.pid;
    const stopAsked = Date.now();

    await supervised.stop(300);

    expect(Date.now() - stopAsked).toBeGreaterThanOrEqual(290);
    expect(processIsAlive(pid ?? -1)).toBe(false);
  });
});

describe('the supervisor script', () => {
  it('when its stdin closes, then it stops the command and exits with the command exit code', async () => {
    const supervisor = spawn(process.execPath, [supervisorScriptPath(), process.execPath, ...exitsWithSevenOnSigterm], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    await once(createInterface({ input: supervisor.stdout }), 'line');

    supervisor.stdin.end();
    const [code] = (await once(supervisor, 'exit')) as [number | null];

    expect(code).toBe(7);
  });
});
