import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server saw. */
export interface SeenRequest {
  /** The request target: path and query. */
  url: string;
  authorization: string | undefined;
}

/** A git smart-HTTP server on 127.0.0.1 that asks for one user name and password. */
export interface GitHttpServer {
  /** `http://127.0.0.1:<port>`: a repository `<root>/x.git` is at `<url>/x.git`. */
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Serves the repositories under `projectRoot` with `git http-backend` (the CGI program git ships)
 * behind HTTP Basic authentication: a request without the right `Authorization` header gets 401.
 */
export async function startGitHttpServer(options: {
  projectRoot: string;
  username: string;
  password: string;
  /** The environment of the test process: `git http-backend` is found on its PATH. */
  environment: NodeJS.ProcessEnv;
}): Promise<GitHttpServer> {
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const requests: SeenRequest[] = [];
  const server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', authorization: request.headers.authorization });
    if (request.headers.authorization !== expected) {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' }).end();
      return;
    }
    runBackend(request, response, options);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function runBackend(
  request: IncomingMessage,
  response: ServerResponse,
  options: { projectRoot: string; username: string; environment: NodeJS.ProcessEnv },
): void {
  const target = new URL(request.url ?? '/', 'http://127.0.0.1');
  const header = (name: string): string => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  const backend = spawn('git', ['http-backend'], {
    env: {
      PATH: options.environment.PATH,
      GIT_PROJECT_ROOT: options.projectRoot,
      GIT_HTTP_EXPORT_ALL: '1',
      REQUEST_METHOD: request.method ?? 'GET',
      PATH_INFO: decodeURIComponent(target.pathname),
      QUERY_STRING: target.search.slice(1),
      CONTENT_TYPE: header('content-type'),
      HTTP_CONTENT_ENCODING: header('content-encoding'),
      GIT_PROTOCOL: header('git-protocol'),
      REMOTE_USER: options.username,
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  request.pipe(backend.stdin);
  const output: Buffer[] = [];
  backend.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  backend.on('close', () => {
    const whole = Buffer.concat(output);
    const end = whole.indexOf('\r\n\r\n');
    if (end === -1) {
      response.writeHead(502).end('git http-backend wrote no CGI headers');
      return;
    }
    const headerText = whole.subarray(0, end).toString('latin1');
    let status = 200;
    for (const line of headerText.split('\r\n')) {
      const colonAt = line.indexOf(':');
      if (colonAt === -1) continue;
      const name = line.slice(0, colonAt);
      const value = line.slice(colonAt + 1).trim();
      if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else response.setHeader(name, value);
    }
    response.writeHead(status).end(whole.subarray(end + 4));
  });
}
