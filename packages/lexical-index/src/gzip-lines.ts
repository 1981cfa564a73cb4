import { once } from 'node:events';
import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';

/** Lines are handed to gzip in blocks of about this many characters. */
const BLOCK_CHARS = 1 << 16;

/**
 * `lines` as gzip'd text, one `\n` after each, compressed as they are produced: only a block of
 * text and the compressed output are held at once, never the whole text.
 */
export async function gzipLines(lines: Iterable<string>): Promise<Uint8Array> {
  const gzip = createGzip();
  const output: Buffer[] = [];
  gzip.on('data', (part: Buffer) => output.push(part));
  const ended = once(gzip, 'end');
  let block = '';
  for (const line of lines) {
    block += `${line}\n`;
    if (block.length < BLOCK_CHARS) continue;
    if (!gzip.write(block)) await once(gzip, 'drain');
    block = '';
  }
  gzip.end(block);
  await ended;
  return new Uint8Array(Buffer.concat(output));
}

/** The lines of gzip'd text as they are decompressed, without their `\n`; the last may lack one. */
export async function* gunzipLines(bytes: Uint8Array): AsyncGenerator<string> {
  const text = Readable.from([bytes]).pipe(createGunzip()).setEncoding('utf8');
  // The pieces of a line not yet ended, joined once it ends (a long line is not re-copied per piece).
  let pieces: string[] = [];
  for await (const part of text as AsyncIterable<string>) {
    let start = 0;
    for (let end = part.indexOf('\n'); end !== -1; end = part.indexOf('\n', start)) {
      pieces.push(part.slice(start, end));
      yield pieces.join('');
      pieces = [];
      start = end + 1;
    }
    if (start < part.length) pieces.push(part.slice(start));
  }
  if (pieces.length > 0) yield pieces.join('');
}
