import { describe, expect, it } from 'vitest';

import { LogTail } from './log-tail.js';

describe('LogTail', () => {
  it('when a line arrives in several chunks, then it is kept and reported once, whole', () => {
    const reported: string[] = [];
    const tail = new LogTail(10, (line) => reported.push(line));

    tail.write('Saving da');
    tail.write('ta to: /tmp/x\r\nConnect');
    tail.write(' to Chroma\n');

    expect(tail.lines()).toEqual(['Saving data to: /tmp/x', 'Connect to Chroma']);
    expect(reported).toEqual(['Saving data to: /tmp/x', 'Connect to Chroma']);
  });

  it('when more lines arrive than it holds, then it keeps only the newest', () => {
    const tail = new LogTail(2);

    tail.write('one\ntwo\nthree\n');

    expect(tail.lines()).toEqual(['two', 'three']);
  });

  it('when output carries terminal colour codes, then lines come without them', () => {
    const tail = new LogTail(5);

    tail.write('\u001b[38;5;069m(((\u001b[38;5;203m###\u001b[0m\n');

    expect(tail.lines()).toEqual(['(((###']);
  });

  it('when the output ends without a line break, then the last line counts after flush', () => {
    const reported: string[] = [];
    const tail = new LogTail(5, (line) => reported.push(line));

    tail.write('Address localhost:8000 is not available');
    const beforeFlush = tail.lines();
    tail.flush();

    expect(beforeFlush).toEqual(['Address localhost:8000 is not available']);
    expect(reported).toEqual(['Address localhost:8000 is not available']);
    expect(tail.lines()).toEqual(['Address localhost:8000 is not available']);
  });
});
