// Types of node-version.js (documented there), which stays plain JavaScript so that it runs unbuilt on old Node.

export declare const MINIMUM_NODE_VERSION: string;
export declare const FETCHED_NODE_MAJOR: number;
export declare function compareNodeVersions(left: string, right: string): number;
export declare function isSupportedNode(version: string): boolean;
export declare function refusalMessage(foundVersion: string, reason: string): string;
