import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** A debug-level logger whose JSON lines land in `lines`, for tests that read what was logged. */
export function capturingLogger(lines: string[]): Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}
