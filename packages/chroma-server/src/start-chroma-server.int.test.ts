import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { chromaHeartbeat } from './chroma-heartbeat.js';
import { ChromaServerError } from './chroma-server-error.js';
import { isPortFree } from './free-port.js';
import { startChromaServer, type ChromaServer } from './start-chroma-server.js';

let workDir: string;
const runningServers: ChromaServer[] = [];
const squatters: Server[] = [];
/** Process ids a failing test might leave behind; killed after each test. */
const possibleOrphans: number[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'chroma-server-int-'));
});

afterEach(async () => {
  await Promise.all(runningServers.splice(0).map((server) => server.stop()));
  await Promise.all(squatters.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  for (const pid of possibleOrphans.splice(0)) if (processIsAlive(pid)) process.kill(pid, 'SIGKILL');
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function start(dataDirName: string): Promise<ChromaServer> {
  const server = await startChromaServer({ dataDir: path.join(workDir, dataDirName) });
  runningServers.push(server);
  return server;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processIsAlive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(50);
  }
  return true;
}

/** The environment process `pid` was started with, from /proc. */
async function environmentOf(pid: number): Promise<Record<string, string>> {
  const entries = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter(Boolean);
  return Object.fromEntries(
    entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

/** The parent process id of `pid`, from /proc. */
async function parentOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^PPid:\s+(\d+)$/m.exec(status)?.[1]);
}

async function rejectionOf(promise: Promise<unknown>): Promise<ChromaServerError> {
  const error: unknown = await promise.then(
    () => new Error('expected startChromaServer to reject'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof ChromaServerError)) throw error;
  return error;
}

describe('startChromaServer', () => {
  it('when started without a port, then it answers its heartbeat on a free port and keeps its data in dataDir', async () => {
    const server = await start('nested/data');

    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await chromaHeartbeat(server.url)).toBe(true);
    expect(await (await fetch(`${server.url}/api/v2/version`)).json()).toBe('1.0.0');
    expect(server.dataDir).toBe(path.join(workDir, 'nested/data'));
    expect((await stat(server.dataDir)).isDirectory()).toBe(true);
    await expect(access(path.join(server.dataDir, 'chroma.sqlite3'))).resolves.toBeUndefined();
    expect(processIsAlive(server.pid ?? -1)).toBe(true);
  });

  it('when given onLog, then it receives the server output line by line without colour codes', async () => {
    const lines: string[] = [];
    const dataDir = path.join(workDir, 'logged');

    runningServers.push(await startChromaServer({ dataDir, onLog: (line) => lines.push(line) }));

    expect(lines).toContain(`Saving data to: ${dataDir}`);
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  // /proc/<pid>/environ holds the environment a process was started with; Linux only.
  it.runIf(process.platform === 'linux')(
    'when started from an environment holding API keys, then neither the server nor its supervisor gets them, and it still answers',
    async () => {
      const secrets = {
        RAGSHIP_API_KEYS: 'ragship-key-0123456789abcdef',
        OPENAI_API_KEY: 'sk-openai-0123456789abcdef',
        PHOENIX_API_KEY: 'phoenix-key-0123456789abcdef',
        PINECONE_API_KEY: 'pinecone-key-0123456789abcdef',
        CHROMA_API_KEY: 'chroma-cloud-key-0123456789abcdef',
        RAGSHIP_DATABASE_URL: 'postgres://ragship:db-password-0123456789@db/ragship',
      };
      for (const [name, value] of Object.entries(secrets)) vi.stubEnv(name, value);
      vi.stubEnv('LC_ALL', 'C.UTF-8');
      vi.stubEnv('CHROMA_TELEMETRY_OFF', 'yes');

      const server = await startChromaServer({ dataDir: path.join(workDir, 'sealed'), environment: process.env });
      runningServers.push(server);
      vi.unstubAllEnvs();

      const serverPid = server.pid ?? -1;
      const supervisorPid = await parentOf(serverPid);
      expect(await readFile(`/proc/${supervisorPid}/cmdline`, 'utf8')).toContain('supervisor');
      for (const pid of [serverPid, supervisorPid]) {
        const environment = await environmentOf(pid);
        for (const secret of Object.values(secrets)) expect(Object.values(environment)).not.toContain(secret);
        expect(Object.keys(environment).filter((name) => name in secrets)).toEqual([]);
        expect(environment).toMatchObject({ LC_ALL: 'C.UTF-8', CHROMA_TELEMETRY_OFF: 'yes', RUST_BACKTRACE: '0' });
        expect(environment.PATH).toBe(process.env.PATH);
      }
      expect(await chromaHeartbeat(server.url)).toBe(true);
    },
  );

  it('when stopped, then the port is closed, the process is gone, and stopping again is harmless', async () => {
    const server = await start('stopped');

    await server.stop();

    expect(await chromaHeartbeat(server.url)).toBe(false);
    expect(await isPortFree(server.port, '127.0.0.1')).toBe(true);
    expect(processIsAlive(server.pid ?? -1)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it('when the requested port is taken, then it rejects with CHROMA_SERVER_PORT_IN_USE naming the port and spawns nothing', async () => {
    const squatter = createServer();
    squatters.push(squatter);
    squatter.listen(0, '127.0.0.1');
    await once(squatter, 'listening');
    const address = squatter.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const onLog = vi.fn();

    const error = await rejectionOf(startChromaServer({ dataDir: path.join(workDir, 'taken'), port, onLog }));

    expect(error.code).toBe('CHROMA_SERVER_PORT_IN_USE');
    expect(error.port).toBe(port);
    expect(error.message).toContain(`port ${port} is already in use`);
    expect(onLog).not.toHaveBeenCalled();
  });

  it('when the server crashes on start, then it rejects with CHROMA_SERVER_START_FAILED and the log tail says why', async () => {
    const dataDir = path.join(workDir, 'corrupt');
    await startChromaServer({ dataDir }).then((server) => server.stop());
    await writeFile(path.join(dataDir, 'chroma.sqlite3'), 'this is not a SQLite database');

    const error = await rejectionOf(startChromaServer({ dataDir, environment: process.env }));

    expect(error.code).toBe('CHROMA_SERVER_START_FAILED');
    expect(error.message).toMatch(/exited with code \d+ before answering its heartbeat/);
    expect(error.message).toContain('file is not a database');
    expect(error.logTail.length).toBeGreaterThan(0);
  });

  it('when the server does not answer in time, then it rejects with CHROMA_SERVER_START_TIMEOUT and stops the server', async () => {
    const error = await rejectionOf(startChromaServer({ dataDir: path.join(workDir, 'slow'), startupTimeoutMs: 1 }));

    expect(error.code).toBe('CHROMA_SERVER_START_TIMEOUT');
    expect(error.message).toContain('within 1 ms');
    // Chroma comes up in well under two seconds here; had it been left running, it would answer.
    await delay(2_000);
    expect(await chromaHeartbeat(`http://127.0.0.1:${error.port}`)).toBe(false);
  });

  it('when the process that started it is killed with SIGKILL, then the Chroma server exits within five seconds', async () => {
    const childScript = path.join(workDir, 'start-and-report.mjs');
    await writeFile(childScript, startAndReportScript);
    const sourceEntry = fileURLToPath(new URL('./index.ts', import.meta.url));
    const child = spawn(process.execPath, [childScript, sourceEntry, path.join(workDir, 'orphan')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (child.pid !== undefined) possibleOrphans.push(child.pid);
    const [firstLine] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const { pid } = JSON.parse(firstLine) as { pid: number };
    possibleOrphans.push(pid);
    expect(processIsAlive(pid)).toBe(true);

    child.kill('SIGKILL');
    await once(child, 'exit');

    expect(await waitUntilGone(pid, 5_000)).toBe(true);
  });
});

/**
 * Starts a server from this package's TypeScript source and prints `{"pid":…}`. Node strips the
 * types itself; the resolve hook maps the sources' `./x.js` imports to `./x.ts`, as vitest does.
 */
const startAndReportScript = `
import { registerHooks } from 'node:module';
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
      return nextResolve(specifier.slice(0, -3) + '.ts', context);
    }
  },
});
const [sourceEntry, dataDir] = process.argv.slice(2);
const { startChromaServer } = await import(sourceEntry);
const server = await startChromaServer({ dataDir });
console.log(JSON.stringify({ pid: server.pid }));
`;
