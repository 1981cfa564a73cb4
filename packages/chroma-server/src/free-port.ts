import { createServer } from 'node:net';
import { ChromaServerError } from './chroma-server-error.js';

/**
 * Asks the operating system for a TCP port nobody listens on: binds port 0 on `host`, reads the
 * port it got, and closes again. Another process may still take the port before the caller
 * binds it; callers that care must handle that race.
 */
export async function findFreePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new ChromaServerError(
      'CHROMA_SERVER_START_FAILED',
      `Expected a TCP address after binding port 0 on ${host}, got ${String(address)}`,
    );
  }
  return address.port;
}

/**
 * Whether `port` on `host` can be bound right now. Answers `false` only when the port is taken
 * (`EADDRINUSE`); any other failure, such as a host that is not a local address, is rethrown.
 */
export async function isPortFree(port: number, host: string): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => resolve());
    });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') return false;
    throw error;
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return true;
}
