import { mkdir } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { chromaHeartbeat } from './chroma-heartbeat.js';
import { resolveChromaCliPath } from './chroma-cli-path.js';
import { chromaServerEnvironment } from './chroma-server-environment.js';
import { ChromaServerError } from './chroma-server-error.js';
import { findFreePort, isPortFree } from './free-port.js';
import { spawnSupervisedProcess, type SupervisedProcess } from './supervised-process.js';

/** Options of {@link startChromaServer}. */
export interface StartChromaServerOptions {
  /** Directory Chroma persists its data in; created (with parents) when missing. */
  readonly dataDir: string;
  /** TCP port to listen on. When omitted (or 0), a free port is picked. */
  readonly port?: number;
  /** Address to listen on (default `127.0.0.1`, reachable from this machine only). */
  readonly host?: string;
  /** How long to wait for the first successful heartbeat, in milliseconds (default 30000). */
  readonly startupTimeoutMs?: number;
  /** Called with every line the server prints, colour codes removed. Nothing is printed otherwise. */
  readonly onLog?: (line: string) => void;
  /**
   * The environment to start the server from, as the entry point read it (the CLI passes its
   * own). The server and its supervisor get only what Chroma needs of it (the paths, the locale,
   * the time zone, `RUST_LOG`, `CHROMA_*` settings), never API keys or passwords, with
   * `RUST_BACKTRACE` off. Default: none, and Chroma starts all the same.
   */
  readonly environment?: NodeJS.ProcessEnv;
}

/** A running local Chroma server, started by {@link startChromaServer}. */
export interface ChromaServer {
  /** Base URL for a Chroma client, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** The port the server listens on. */
  readonly port: number;
  /** Absolute path of the directory the server persists its data in. */
  readonly dataDir: string;
  /** Process id of the Chroma server itself (not of its supervisor), when known. */
  readonly pid: number | undefined;
  /**
   * Stops the server: SIGTERM, then SIGKILL when it is still running after five seconds.
   * Resolves once it has exited. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

const heartbeatPollIntervalMs = 100;

/**
 * Starts a real Chroma server from the `chroma` CLI of the installed `chromadb` package and
 * resolves once it answers its heartbeat. The server runs under a supervisor, so it stops when
 * this process ends, even when this process is killed with SIGKILL.
 *
 * @throws {@link ChromaServerError} with code `CHROMA_SERVER_PORT_IN_USE` when the given port is
 * taken (checked before anything is spawned), `CHROMA_SERVER_START_FAILED` when the server exits
 * before answering, or `CHROMA_SERVER_START_TIMEOUT` when it does not answer in time. The server
 * process is stopped before the error is thrown.
 */
export async function startChromaServer(options: StartChromaServerOptions): Promise<ChromaServer> {
  const host = options.host ?? '127.0.0.1';
  const startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  const dataDir = path.resolve(options.dataDir);
  const port = await preparePortAndDataDir(dataDir, host, options.port);
  const url = `http://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const cliArguments = ['run', '--path', dataDir, '--host', host, '--port', String(port)];
  const server = spawnSupervisedProcess(process.execPath, [resolveChromaCliPath(), ...cliArguments], {
    onLog: options.onLog,
    environment: chromaServerEnvironment(options.environment),
  });

  try {
    await waitUntilAnswering(server, url, port, startupTimeoutMs);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const pid = await server.pid;
  return { url, port, dataDir, pid, stop: () => server.stop() };
}

/** Creates the data directory and settles the port: the requested one if free, else a free one. */
async function preparePortAndDataDir(
  dataDir: string,
  host: string,
  requestedPort: number | undefined,
): Promise<number> {
  let requestedPortFree: boolean;
  try {
    await mkdir(dataDir, { recursive: true });
    if (requestedPort === undefined || requestedPort === 0) return await findFreePort(host);
    requestedPortFree = await isPortFree(requestedPort, host);
  } catch (error) {
    throw new ChromaServerError(
      'CHROMA_SERVER_START_FAILED',
      `Cannot prepare a Chroma server on ${host} with data in ${dataDir}: ${String(error)}`,
      { port: requestedPort, cause: error },
    );
  }
  if (!requestedPortFree) {
    throw new ChromaServerError(
      'CHROMA_SERVER_PORT_IN_USE',
      `Cannot start a Chroma server on ${host}:${requestedPort}: port ${requestedPort} is already in use. ` +
        'Stop what listens there or choose another port.',
      { port: requestedPort },
    );
  }
  return requestedPort;
}

async function waitUntilAnswering(
  server: SupervisedProcess,
  url: string,
  port: number,
  startupTimeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  while (!server.hasExited()) {
    if (await chromaHeartbeat(url, AbortSignal.timeout(Math.max(1, deadline - Date.now())))) return;
    if (Date.now() >= deadline) {
      throw new ChromaServerError(
        'CHROMA_SERVER_START_TIMEOUT',
        `The Chroma server did not answer its heartbeat at ${url} within ${startupTimeoutMs} ms.`,
        { port, logTail: server.logTail.lines() },
      );
    }
    await Promise.race([delay(heartbeatPollIntervalMs), server.exited]);
  }

  const exit = await server.exited;
  const logTail = server.logTail.lines();
  // Chroma 1.0 reports a taken port as "Address <host>:<port> is not available" and exits 0.
  const portTaken = logTail.some((line) => /address .* is not available/i.test(line));
  const how =
    exit.error !== undefined
      ? `could not be spawned (${exit.error.message})`
      : exit.signal !== null
        ? `was ended by ${exit.signal}`
        : `exited with code ${exit.code}`;
  throw new ChromaServerError(
    portTaken ? 'CHROMA_SERVER_PORT_IN_USE' : 'CHROMA_SERVER_START_FAILED',
    portTaken
      ? `The Chroma server could not listen on ${url}: port ${port} is already in use.`
      : `The Chroma server ${how} before answering its heartbeat at ${url}.`,
    { port, logTail, cause: exit.error },
  );
}
