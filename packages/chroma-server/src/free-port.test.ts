import { createServer, type Server } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { findFreePort, isPortFree } from './free-port.js';

const host = '127.0.0.1';
const openServers: Server[] = [];

async function listenOn(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => resolve());
  });
  openServers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('findFreePort', () => {
  it('when asked for a port, then it returns one that can be listened on', async () => {
    const port = await findFreePort(host);

    expect(port).toBeGreaterThan(0);
    await expect(listenOn(port)).resolves.toBeDefined();
  });
});

describe('isPortFree', () => {
  it('when something listens on the port, then it answers false', async () => {
    const port = await findFreePort(host);
    await listenOn(port);

    expect(await isPortFree(port, host)).toBe(false);
  });

  it('when nothing listens on the port, then it answers true and leaves the port free', async () => {
    const port = await findFreePort(host);

    expect(await isPortFree(port, host)).toBe(true);
    await expect(listenOn(port)).resolves.toBeDefined();
  });

  it('when the host is not an address of this machine, then it throws instead of answering', async () => {
    await expect(isPortFree(await findFreePort(host), '192.0.2.1')).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});
