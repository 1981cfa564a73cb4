import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startChromaServer } from '@ragship/chroma-server';

/** A Chroma server this process can use: started by it (owned) or found running. */
export interface EmbeddedChroma {
  url: string;
  /** True when this process started the server and will stop it on {@link EmbeddedChroma.release}. */
  owned: boolean;
  release(): Promise<void>;
}

interface ServerState {
  url: string;
  pid: number | undefined;
}

/**
 * Reuses the embedded Chroma server another ragship process started on this data directory
 * (recorded in `<dataDir>/chroma-server.json`), or starts one on a free port with its data in
 * `<dataDir>/chroma`. Only the process that started the server stops it.
 */
export async function ensureEmbeddedChroma(options: {
  dataDir: string;
  /**
   * The CLI's environment, as its edge (cli-context.ts) read it; the server gets only what Chroma
   * needs of it, never the API keys (`startChromaServer`).
   */
  environment: NodeJS.ProcessEnv;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedChroma> {
  const stateFile = path.join(options.dataDir, 'chroma-server.json');
  const running = readState(stateFile);
  if (running && (await answers(running.url))) {
    return { url: running.url, owned: false, release: () => Promise.resolve() };
  }
  const server = await startChromaServer({
    dataDir: path.join(options.dataDir, 'chroma'),
    environment: options.environment,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  writeFileSync(stateFile, `${JSON.stringify({ url: server.url, pid: server.pid } satisfies ServerState)}\n`);
  return {
    url: server.url,
    owned: true,
    async release() {
      await server.stop();
      if (readState(stateFile)?.url === server.url) rmSync(stateFile, { force: true });
    },
  };
}

function readState(file: string): ServerState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ServerState;
  } catch {
    return undefined;
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/api/v2/heartbeat', url), { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
