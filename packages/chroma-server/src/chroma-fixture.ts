import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import type { WaitStrategy } from 'testcontainers';

import { chromaHeartbeat } from './chroma-heartbeat.js';
import { ChromaServerError } from './chroma-server-error.js';
import { findFreePort } from './free-port.js';
import { startChromaServer } from './start-chroma-server.js';

/** An image that can run a Chroma 1.0 server, and how to start it there. */
interface ChromaImage {
  readonly name: string;
  /** Replaces the image's entrypoint, which is then given `run --host … --port … --path …`. */
  readonly entrypoint?: readonly string[];
  /** Where the server keeps its data inside the container. */
  readonly dataDir: string;
}

/**
 * Images tests may run Chroma from, in order of preference: the official image (the same server
 * version as the CLI), else the ragship image built on this machine (`infra/build-image.sh`), which
 * ships the same `chroma` CLI. Neither is ever pulled: the first one present locally is used.
 */
const chromaImages: readonly ChromaImage[] = [
  { name: 'chromadb/chroma:1.0.0', dataDir: '/data' },
  { name: 'ragship:local', entrypoint: ['/app/node_modules/.bin/chroma'], dataDir: '/tmp/chroma' },
];

const containerStartupTimeoutMs = 60_000;

/** Options of {@link startTestChroma}. */
export interface StartTestChromaOptions {
  /**
   * Data directory for the local server when no container is used. When omitted, a fresh
   * temporary directory is created and removed again by `stop()`; a given directory is kept.
   * Ignored for containers, whose data lives and dies with the container.
   */
  readonly dataDir?: string;
}

/** A Chroma server for one test run. */
export interface TestChroma {
  /** Base URL for a Chroma client. */
  readonly url: string;
  /** How the server runs: in a container, or from the chromadb package's `chroma` CLI. */
  readonly via: 'testcontainers' | 'binary';
  /** The image the container runs, when `via` is `testcontainers`. */
  readonly image?: string;
  /** The container's id, when `via` is `testcontainers`. */
  readonly containerId?: string;
  /** Stops the server and removes what {@link startTestChroma} created for it (container included). */
  stop(): Promise<void>;
}

let chromaImageFound: Promise<ChromaImage | undefined> | undefined;

/**
 * Starts a real, empty Chroma server for tests: in a container through testcontainers when a
 * container runtime answers and one of the Chroma-capable images exists locally (see
 * {@link chromaContainerImage}), else {@link startChromaServer} on a free port. The container
 * shares the host's network (no bridge, no port mapping) and listens on a free port of 127.0.0.1.
 * testcontainers is loaded only when needed, so this works where it is not installed.
 */
export async function startTestChroma(options: StartTestChromaOptions = {}): Promise<TestChroma> {
  const image = await findChromaImage();
  if (image !== undefined) return startChromaContainer(image);

  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'ragship-chroma-')));
  try {
    const server = await startChromaServer({ dataDir });
    return {
      url: server.url,
      via: 'binary',
      stop: async () => {
        await server.stop();
        if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The image {@link startTestChroma} runs Chroma from (`chromadb/chroma:1.0.0`, else
 * `ragship:local`), or `undefined` when testcontainers is not installed, no container runtime
 * answers, or neither image exists locally. Asked once per process.
 */
export async function chromaContainerImage(): Promise<string | undefined> {
  return (await findChromaImage())?.name;
}

function findChromaImage(): Promise<ChromaImage | undefined> {
  chromaImageFound ??= (async () => {
    try {
      const { getContainerRuntimeClient, ImageName } = await import('testcontainers');
      const client = await getContainerRuntimeClient();
      for (const image of chromaImages) {
        if (await client.image.exists(ImageName.fromString(image.name))) return image;
      }
    } catch {
      // No testcontainers, or no runtime: the binary path serves.
    }
    return undefined;
  })();
  return chromaImageFound;
}

async function startChromaContainer(image: ChromaImage): Promise<TestChroma> {
  const { GenericContainer } = await import('testcontainers');
  const port = await findFreePort('127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  let container = new GenericContainer(image.name)
    .withNetworkMode('host')
    .withCommand(['run', '--host', '127.0.0.1', '--port', String(port), '--path', image.dataDir])
    .withLabels({ 'org.ragship.test': 'chroma' })
    .withWaitStrategy(new HeartbeatWaitStrategy(url, port))
    .withStartupTimeout(containerStartupTimeoutMs);
  if (image.entrypoint !== undefined) container = container.withEntrypoint([...image.entrypoint]);
  const started = await container.start();
  return {
    url,
    via: 'testcontainers',
    image: image.name,
    containerId: started.getId(),
    stop: async () => {
      await started.stop({ remove: true, removeVolumes: true });
    },
  };
}

/**
 * Waits until Chroma's heartbeat answers at `url`. testcontainers' own HTTP and port strategies
 * look at mapped ports, which a container on the host's network does not have.
 */
class HeartbeatWaitStrategy implements WaitStrategy {
  private startupTimeoutMs = containerStartupTimeoutMs;
  private startupTimeoutSet = false;

  constructor(
    private readonly url: string,
    private readonly port: number,
  ) {}

  async waitUntilReady(container: Parameters<WaitStrategy['waitUntilReady']>[0]): Promise<void> {
    const deadline = Date.now() + this.startupTimeoutMs;
    while (!(await chromaHeartbeat(this.url))) {
      const { State: state } = await container.inspect();
      if (!state.Running) {
        throw new ChromaServerError(
          'CHROMA_SERVER_START_FAILED',
          `The Chroma container exited with code ${state.ExitCode} before answering at ${this.url}`,
          { port: this.port },
        );
      }
      if (Date.now() > deadline) {
        throw new ChromaServerError(
          'CHROMA_SERVER_START_TIMEOUT',
          `The Chroma container did not answer at ${this.url} within ${this.startupTimeoutMs} ms`,
          { port: this.port },
        );
      }
      await delay(100);
    }
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.startupTimeoutMs = startupTimeoutMs;
    this.startupTimeoutSet = true;
    return this;
  }

  isStartupTimeoutSet(): boolean {
    return this.startupTimeoutSet;
  }

  getStartupTimeout(): number {
    return this.startupTimeoutMs;
  }
}
