// Types of rerun-on-node.js (documented there), which stays plain JavaScript so that it runs unbuilt on old Node.
import type { NodeHost, ProvisionedNode } from './node-runtime.js';

export declare const RELAYED_SIGNALS: readonly NodeJS.Signals[];
export declare function rerunOnNode(
  node: Pick<ProvisionedNode, 'nodePath' | 'binDir'>,
  host: NodeHost,
): Promise<number>;
export declare function hearSignalsFromParent(host: NodeHost): boolean;
