// Types of node-runtime.js (documented there), which stays plain JavaScript so that it runs unbuilt on old Node.

/** The parts of the running process the runtime check uses; `process` itself in use, a fake in tests. */
export interface NodeHost {
  versions: { node: string };
  platform: string;
  arch: string;
  argv: string[];
  execArgv: string[];
  execPath: string;
  env: Record<string, string | undefined>;
  pid: number;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  listenerCount(signal: NodeJS.Signals): number;
  kill(pid: number, signal: NodeJS.Signals): unknown;
}

/** A Node.js ragship runs on. */
export interface ProvisionedNode {
  /** e.g. `24.22.3`. */
  version: string;
  /** The directory holding `node`, to put first on PATH. */
  binDir: string;
  nodePath: string;
}

export interface ProvisionOptions {
  /** Where fetched Node.js versions are kept; default {@link NODE_CACHE_DIR}. */
  cacheDir?: string;
  /** Stops a download under way. */
  signal?: AbortSignal;
}

export declare const NODE_CACHE_DIR: string;

export declare function provisionNode(host: NodeHost, options?: ProvisionOptions): Promise<ProvisionedNode>;
export declare function rerunOnSupportedNode(
  host: NodeHost,
  options?: Omit<ProvisionOptions, 'signal'>,
): Promise<number>;
export declare function printBinDir(host: NodeHost, options?: Omit<ProvisionOptions, 'signal'>): Promise<number>;
