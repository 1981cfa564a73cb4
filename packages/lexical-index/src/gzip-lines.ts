import { once } from 'node:events';
import { Readable } from 'node:stream';
import { constants, createGunzip, createGzip } from 'node:zlib';

/** Text is handed to gzip in blocks of about this many characters. */
const BLOCK_CHARS = 1 << 16;

/**
 * The concatenation of `pieces` as gzip'd text, compressed as they are produced: only a block of
 * text and the compressed output are held at once, never the whole text. A long line comes in
 * pieces, so no string much longer than a block is ever made.
 */
export async function gzipText(pieces: Iterable<string>): Promise<Uint8Array> {
  // Level 1: on a SciFact index, 5× faster than the default 6 (30 against 150 ms) for 14% more
  // bytes; an incremental run saves the whole index, so this is on the path of every re-ingest.
  const gzip = createGzip({ level: constants.Z_BEST_SPEED });
  const output: Buffer[] = [];
  gzip.on('data', (part: Buffer) => output.push(part));
  const ended = once(gzip, 'end');
  let block = '';
  for (const piece of pieces) {
    block += piece;
    if (block.length < BLOCK_CHARS) continue;
    if (!gzip.write(block)) await once(gzip, 'drain');
    block = '';
  }
  gzip.end(block);
  await ended;
  // The pieces copied once into the result (a Buffer.concat copied again into a Uint8Array left
  // three copies at once: at 16× SciFact, ~80 MB on top of the end of an ingest).
  const bytes = new Uint8Array(output.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of output.splice(0)) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/**
 * The lines of gzip'd text as they are decompressed, without their `\n`, a block of lines per
 * decompressed piece (a loop over blocks awaits once per piece, not once per line); the last
 * line may lack its `\n`. A block may be empty while a long line is still being read.
 */
export async function* gunzipLineBlocks(bytes: Uint8Array): AsyncGenerator<string[]> {
  const text = Readable.from([bytes]).pipe(createGunzip()).setEncoding('utf8');
  // The pieces of a line not yet ended, joined once it ends (a long line is not re-copied per piece).
  let pieces: string[] = [];
  for await (const part of text as AsyncIterable<string>) {
    const block: string[] = [];
    let start = 0;
    for (let end = part.indexOf('\n'); end !== -1; end = part.indexOf('\n', start)) {
      pieces.push(part.slice(start, end));
      block.push(pieces.join(''));
      pieces = [];
      start = end + 1;
    }
    if (start < part.length) pieces.push(part.slice(start));
    yield block;
  }
  if (pieces.length > 0) yield [pieces.join('')];
}
