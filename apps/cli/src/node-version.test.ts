import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { FETCHED_NODE_MAJOR, MINIMUM_NODE_VERSION, compareNodeVersions, isSupportedNode } from '../bin/node-version.js';

describe('isSupportedNode', () => {
  it.each([
    ['20.20.2', false],
    ['22.3.0', false],
    ['22.21.9', false],
    ['22.22.0', true],
    ['v22.22.1', true],
    ['23.0.0', true],
    ['24.22.3', true],
  ])('when Node is %s, then supported is %s', (version, supported) => {
    expect(isSupportedNode(version)).toBe(supported);
  });

  it('when the root package.json or .nvmrc change, then the check follows them', () => {
    const root = new URL('../../../', import.meta.url);
    const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
      engines: { node: string };
    };

    expect(packageJson.engines.node).toBe(`>=${MINIMUM_NODE_VERSION}`);
    expect(readFileSync(new URL('.nvmrc', root), 'utf8').trim()).toBe(String(FETCHED_NODE_MAJOR));
  });
});

describe('compareNodeVersions', () => {
  it('when versions differ in a later part, then they compare by number, not as text', () => {
    expect(compareNodeVersions('24.9.0', '24.10.0')).toBeLessThan(0);
    expect(compareNodeVersions('22.22', '22.22.0')).toBe(0);
  });
});
