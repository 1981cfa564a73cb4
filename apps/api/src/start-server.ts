import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Logger } from 'pino';

/** A listening API server. */
export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections and waits for in-flight requests (at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** Listens on `host:port` (0 picks a free port). */
export function startServer(
  app: Express,
  options: { host: string; port: number; logger: Logger },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(options.port, options.host, (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const { port } = server.address() as AddressInfo;
      const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
      resolve({
        url: `http://${shownHost}:${port}`,
        port,
        close: (graceMs = 10_000) =>
          new Promise<void>((done) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs).unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
    server.on('error', reject);
  });
}
