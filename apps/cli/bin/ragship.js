#!/usr/bin/env node
// On a Node.js older than ragship needs, re-runs this same command on a Node 24 fetched once into
// .ragship/node (node-runtime.js); on a new enough Node, it is the CLI and nothing more.
import { isSupportedNode } from './node-version.js';
import { hearSignalsFromParent } from './rerun-on-node.js';

if (isSupportedNode(process.versions.node)) {
  hearSignalsFromParent(process);
  await import('../dist/main.js');
} else {
  const { rerunOnSupportedNode } = await import('./node-runtime.js');
  process.exitCode = await rerunOnSupportedNode(process);
}
