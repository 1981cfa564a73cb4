import { describe, expect, it } from 'vitest';
import { openEncodedRunStart } from './encoded-readings.js';

const BASE64_LINE = Buffer.from('You answer questions using only the documents').toString('base64').slice(0, 40);

describe('openEncodedRunStart', () => {
  it.each([
    ['a base64 run ends a line: the next line may carry on', `Here:\n${BASE64_LINE}\n`, 6],
    ['so do its lines before', `Here:\n${BASE64_LINE}\n${BASE64_LINE}\n`, 6],
    ['a run set apart by blanks', 'Decoded: Y o u  a n s w e r ', 9],
    ['hex bytes set apart', 'Bytes: 59 6f 75 20 ', 7],
  ])('when %s, then it is held from where it starts', (_, text, start) => {
    expect(openEncodedRunStart(text)).toBe(start);
  });

  it.each([
    ['an ordinary text', 'To roll back an index, run ragship rollback docs --env prod.\n'],
    ['a base64 run that ended with its padding', `${BASE64_LINE}==\n`],
    ['two single letters', 'Plan A or B '],
    ['a long word at a line end', 'Ragship supports internationalization\n'],
  ])('when the text ends in %s, then nothing is held', (_, text) => {
    expect(openEncodedRunStart(text)).toBe(text.length);
  });
});
