import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startChromaServer } from './start-chroma-server.js';

/** The Chroma image tests run when a container runtime exists; the same server version as the CLI. */
const chromaImage = 'chromadb/chroma:1.0.0';

/** Options of {@link startTestChroma}. */
export interface StartTestChromaOptions {
  /**
   * Data directory for the local server when no container runtime exists. When omitted, a fresh
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
  /** Stops the server and removes what {@link startTestChroma} created for it. */
  stop(): Promise<void>;
}

let containerRuntimeAvailable: Promise<boolean> | undefined;

/**
 * Starts a real, empty Chroma server for tests: the `chromadb/chroma:1.0.0` image through
 * testcontainers when a container runtime exists, else {@link startChromaServer} on a free port.
 * testcontainers is loaded only when needed, so this works where it is not installed.
 */
export async function startTestChroma(options: StartTestChromaOptions = {}): Promise<TestChroma> {
  if (await hasContainerRuntime()) {
    const { ChromaDBContainer } = await import('@testcontainers/chromadb');
    const container = await new ChromaDBContainer(chromaImage).start();
    return {
      url: container.getHttpUrl(),
      via: 'testcontainers',
      stop: async () => {
        await container.stop();
      },
    };
  }

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

/** Whether testcontainers is installed and finds a container runtime; asked once per process. */
function hasContainerRuntime(): Promise<boolean> {
  containerRuntimeAvailable ??= (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return containerRuntimeAvailable;
}
