// Types of fetch-node.js (documented there), which stays plain JavaScript so that it runs unbuilt on old Node.
import type { ProvisionedNode } from './node-runtime.js';

export declare class NodeUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown; endedBy?: string | null });
  /** The signal that ended the failed command, if one did. */
  readonly endedBy: string | undefined;
}

export declare function nodePackageFor(platform: string, arch: string): string | undefined;
export declare function findCachedNode(cacheDir: string, major: number, platform: string): ProvisionedNode | undefined;
export declare function isOnPath(
  command: string,
  environment: Record<string, string | undefined>,
  platform: string,
): boolean;
export declare function fetchNode(options: {
  packageName: string;
  major: number;
  cacheDir: string;
  env: Record<string, string | undefined>;
  platform: string;
  stderr: { write(text: string): unknown; isTTY?: boolean };
  signal?: AbortSignal;
}): Promise<ProvisionedNode>;
