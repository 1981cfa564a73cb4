import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3SourceSettings } from '../s3-source-settings.js';

/** One request the test server received, as S3 would name it. */
export interface TestS3Request {
  operation: 'ListObjects' | 'GetObject' | 'PutObject' | 'DeleteObject' | 'Other';
  bucket: string;
  /** The object key; empty for a bucket-level request. */
  key: string;
  /** The `If-None-Match` header, when sent. */
  ifNoneMatch?: string;
}

/**
 * A real S3-compatible server (s3rver, in a process of its own, data in a temporary directory)
 * behind a counting pass-through on 127.0.0.1, so a test sees every request the code under test sent.
 */
export interface TestS3Server {
  /** `http://127.0.0.1:<port>` of the counting pass-through. */
  endpoint: string;
  /** Settings that reach this server: endpoint, region, path-style, its test credentials. */
  settings: Partial<S3SourceSettings>;
  /** Requests through `endpoint` so far, in order (the fixture's own writes are not counted); clear with `requests.length = 0`. */
  requests: TestS3Request[];
  /** Creates a bucket (a name of 3–63 lowercase letters, digits, dots and hyphens). */
  createBucket(bucket: string): Promise<void>;
  /** Writes an object; resolves to its ETag. */
  putObject(bucket: string, key: string, body: string | Uint8Array): Promise<string>;
  deleteObject(bucket: string, key: string): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

/** The credentials s3rver accepts. */
export const TEST_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

// Run from source in tests (Node strips the types), from dist when built.
const SERVER_SCRIPT = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './s3rver-process.ts' : './s3rver-process.js', import.meta.url),
);

/** Starts s3rver on a free port of 127.0.0.1 with `buckets` created (names of at least 3 characters). */
export async function startTestS3Server(buckets: readonly string[] = []): Promise<TestS3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'ragship-s3rver-'));
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--disable-warning=ExperimentalWarning',
      SERVER_SCRIPT,
      directory,
      JSON.stringify(buckets),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const s3Port = await readPort(child);
  const requests: TestS3Request[] = [];
  const proxy = await startCountingProxy(s3Port, requests);
  const region = 'us-east-1';
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${s3Port}`,
    region,
    forcePathStyle: true,
    credentials: TEST_S3_CREDENTIALS,
  });
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    endpoint,
    settings: { endpoint, region, forcePathStyle: true, ...TEST_S3_CREDENTIALS },
    requests,
    createBucket: async (bucket) => {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    putObject: async (bucket, key, body) => {
      const response = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body) }));
      return response.ETag ?? '';
    },
    deleteObject: async (bucket, key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    stop: async () => {
      client.destroy();
      proxy.closeAllConnections();
      proxy.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function readPort(child: ChildProcess): Promise<number> {
  if (!child.stdout) throw new Error('s3rver process has no stdout');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver process exited (code ${String(code)}) before listening`);
  });
  const firstLine = (async () => {
    for await (const line of lines) return (JSON.parse(line) as { port: number }).port;
    throw new Error('s3rver process closed its output before listening');
  })();
  return Promise.race([firstLine, exited]);
}

/** An HTTP server on 127.0.0.1:0 that records each request in `requests` and passes it on to `targetPort`. */
async function startCountingProxy(targetPort: number, requests: TestS3Request[]): Promise<Server> {
  const proxy = createServer((incoming, outgoing) => {
    requests.push(describeRequest(incoming));
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return proxy;
}

function describeRequest(request: IncomingMessage): TestS3Request {
  const { pathname } = new URL(request.url ?? '/', 'http://s3.test');
  const [bucket = '', ...keyParts] = pathname.slice(1).split('/');
  const key = decodeURIComponent(keyParts.join('/'));
  const operations: Record<string, TestS3Request['operation']> = key
    ? { GET: 'GetObject', PUT: 'PutObject', DELETE: 'DeleteObject' }
    : { GET: 'ListObjects' };
  const ifNoneMatch = request.headers['if-none-match'];
  return {
    operation: operations[request.method ?? ''] ?? 'Other',
    bucket,
    key,
    ...(ifNoneMatch !== undefined ? { ifNoneMatch } : {}),
  };
}

/** A port of 127.0.0.1 nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}
