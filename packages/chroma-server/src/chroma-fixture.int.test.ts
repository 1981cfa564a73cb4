import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { chromaHeartbeat } from './chroma-heartbeat.js';
import { chromaContainerImage, startTestChroma } from './chroma-fixture.js';

// A container when an engine answers and a Chroma-capable image is there locally, else the binary.
const runtimeExists = (await chromaContainerImage()) !== undefined;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'chroma-fixture-int-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('startTestChroma', () => {
  it('when started, then a Chroma server answers at its url until it is stopped', async () => {
    const expectedVia = runtimeExists ? 'testcontainers' : 'binary';

    const chroma = await startTestChroma();
    const answeredWhileRunning = await chromaHeartbeat(chroma.url);
    await chroma.stop();

    expect(chroma.via).toBe(expectedVia);
    expect(answeredWhileRunning).toBe(true);
    expect(await chromaHeartbeat(chroma.url)).toBe(false);
  });

  it.runIf(!runtimeExists)(
    'when no container runtime exists and a data dir is given, then the server keeps its data there after stop',
    async () => {
      const dataDir = path.join(workDir, 'kept');

      const chroma = await startTestChroma({ dataDir });
      await chroma.stop();

      expect(chroma.via).toBe('binary');
      await expect(access(path.join(dataDir, 'chroma.sqlite3'))).resolves.toBeUndefined();
    },
  );
});
