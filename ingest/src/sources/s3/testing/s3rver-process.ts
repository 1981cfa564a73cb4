// The test S3 server's process: `node --openssl-legacy-provider s3rver-process.ts <directory> <buckets JSON>`.
// s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy
// provider: hence a process of its own, with that flag, rather than s3rver inside the test process.
// Prints `{"port":N}` once listening; stops when its stdin closes (the test process ended) or on SIGTERM.
import S3rver from 's3rver';

const [directory, bucketsJson] = process.argv.slice(2);
const buckets = JSON.parse(bucketsJson ?? '[]') as string[];
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);

const stop = (): void => {
  void server.close().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
