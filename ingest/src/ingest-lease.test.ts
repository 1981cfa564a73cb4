import { describe, expect, it } from 'vitest';
import { RagshipError } from '@ragship/core';
import { registry, run, useIngestFixture, write } from './testing/ingest-fixture.js';

useIngestFixture();

describe('one ingest run per kb at a time', () => {
  it('when two runs of the same kb start together, then one builds v1 and the other waits and finds it up to date', async () => {
    const waited: string[] = [];
    const [first, second] = await Promise.all([
      run({ lease: { pollMs: 20, onWait: (lease) => waited.push(lease.description) } }),
      run({ lease: { pollMs: 20, onWait: (lease) => waited.push(lease.description) } }),
    ]);
    const built = [first, second].filter((result) => result.version !== null);
    expect(built.map((result) => result.version)).toEqual(['v1']);
    const [upToDate] = [first, second].filter((result) => result.version === null);
    expect(upToDate?.parent).toBe('v1');
    expect(waited).toHaveLength(1);
    expect(waited[0]).toMatch(/^ragship ingest on .+ \(pid \d+\)$/);
    expect((await registry.listVersions('docs')).map((record) => record.version)).toEqual([1]);
  });

  it('when a run changes the corpus while another waits, then the waiting one builds on its version', async () => {
    await run();
    write('new.md', '# New\n\nA page added between the two runs, long enough to be ingested on its own.\n');
    const [first, second] = await Promise.all([run({ lease: { pollMs: 20 } }), run({ lease: { pollMs: 20 } })]);
    expect([first.version, second.version].sort()).toEqual(['v2', null].sort());
    const versions = await registry.listVersions('docs');
    expect(versions.map((record) => [record.version, record.parent])).toEqual([
      [2, 1],
      [1, null],
    ]);
  });

  it('when another run holds the kb and the run may not wait, then it fails with KB_BUSY naming the holder', async () => {
    const held = await registry.acquireKbLease(
      'docs',
      { owner: 'other-host:42:abcd', description: 'ragship ingest on other-host (pid 42)' },
      60_000,
    );
    expect(held.acquired).toBe(true);
    const error = await run({ lease: { wait: false } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RagshipError);
    expect(error).toMatchObject({ code: 'KB_BUSY' });
    expect((error as Error).message).toContain('ragship ingest on other-host (pid 42)');
    expect(await registry.listVersions('docs')).toEqual([]);
  });

  it('when the holder died without releasing, then its lease expires and the next run takes the kb', async () => {
    await registry.acquireKbLease('docs', { owner: 'gone:1:dead', description: 'a crashed run' }, 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await run({ lease: { wait: false } });
    expect(result.version).toBe('v1');
    expect(await registry.getKbLease('docs')).toBeUndefined();
  });
});
