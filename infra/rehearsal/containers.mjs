import { createServer } from 'node:net';
import { waitFor } from './run-command.mjs';

// The reaper (Ryuk) is an image of its own, which cannot be pulled here; the rehearsal removes
// its containers itself, by label, even when a step fails. Containers share the host's network,
// so they are reached on loopback (testcontainers would otherwise ask for a bridge's gateway).
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
const { GenericContainer } = await import('testcontainers');

/** The label every container of one rehearsal run carries, so cleanup finds them all. */
export const RUN_LABEL = 'org.ragship.rehearsal';

/** A free TCP port on 127.0.0.1 (containers share the host's network, so ports must not clash). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a container of `image` on the host network through testcontainers, ready once `ready()`
 * says so. Every long-running container of the rehearsal goes through here.
 */
async function startContainer({ image, name, run, command, entrypoint, environment = {}, ready, timeoutMs = 90_000 }) {
  let container = new GenericContainer(image)
    .withNetworkMode('host')
    .withLabels({ [RUN_LABEL]: run, 'org.ragship.role': name })
    .withEnvironment(environment)
    .withCommand(command)
    .withWaitStrategy(probeWaitStrategy(name, ready, timeoutMs));
  if (entrypoint) container = container.withEntrypoint(entrypoint);
  return container.start();
}

/**
 * testcontainers' own strategies wait on mapped ports or the image's HEALTHCHECK (which asks the
 * API's port, not Chroma's); on the host network the rehearsal asks the server itself, and stops
 * early, with the container's last log lines, when the container has exited.
 */
function probeWaitStrategy(name, ready, timeoutMs) {
  let startupTimeoutMs = timeoutMs;
  return {
    async waitUntilReady(container) {
      const deadline = Date.now() + startupTimeoutMs;
      await waitFor(
        `${name} to answer`,
        async () => {
          if (await ready().catch(() => false)) return true;
          const { State: state } = await container.inspect();
          if (!state.Running)
            throw new Error(`${name} exited with ${state.ExitCode}:\n${await lastLogLines(container)}`);
          if (Date.now() > deadline) throw new Error(`${name} did not answer:\n${await lastLogLines(container)}`);
          return false;
        },
        startupTimeoutMs + 5_000,
        { stopOnError: true },
      );
    },
    withStartupTimeout(value) {
      startupTimeoutMs = value;
      return this;
    },
    isStartupTimeoutSet: () => true,
    getStartupTimeout: () => startupTimeoutMs,
  };
}

async function lastLogLines(container) {
  const buffer = await container.logs({ stdout: true, stderr: true, tail: 20, follow: false });
  // Docker multiplexes the streams with an 8-byte header per frame.
  return buffer
    .toString('utf8')
    .replace(/[\u0000-\u0008]/g, '')
    .trim();
}

/** A Chroma server in a container of the ragship image (`chroma run`, as the image ships it). */
export async function startChroma({ image, run, environment }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const container = await startContainer({
    image,
    run,
    name: `chroma-${environment}`,
    entrypoint: ['/app/node_modules/.bin/chroma'],
    command: ['run', '--host', '127.0.0.1', '--port', String(port), '--path', '/tmp/chroma'],
    ready: async () => (await fetch(`${url}/api/v2/heartbeat`)).ok,
  });
  return { url, port, stop: () => container.stop() };
}

/**
 * The API of one environment in a container of the image, started as Kubernetes starts it: the
 * shipped config, the environment's variables, `serve`. Ready when `/readyz` answers 200.
 */
export async function startApi({ image, run, environment, variables }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const container = await startContainer({
    image,
    run,
    name: `api-${environment}`,
    environment: { ...variables, RAGSHIP_PORT: String(port) },
    command: ['--config', '/app/infra/k8s/base/ragship.config.yaml', 'serve'],
    ready: async () => (await fetch(`${url}/readyz`)).status === 200,
  });
  return { url, port, stop: () => container.stop() };
}
