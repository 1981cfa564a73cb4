import { describe, expect, it } from 'vitest';
import { checkBinary } from './check-binary.js';

const prose = 'Chunk size and overlap are configured in ragship.config.yaml. ';

describe('checkBinary', () => {
  it('when the text contains a NUL character, then it is rejected as binary', () => {
    expect(checkBinary(`${prose.repeat(10)}\u0000${prose}`)).toEqual({
      rule: 'binary',
      reason: 'binary data: contains NUL bytes',
    });
  });

  it('when more than 10% of the characters are control characters, then the reason gives the share', () => {
    const text = 'abcdefgh\u0001\u0002'.repeat(20); // 20% controls
    expect(checkBinary(text)).toEqual({
      rule: 'binary',
      reason: 'binary data: 20% of the characters are control characters (maximum 10%)',
    });
  });

  it('when C1 control characters (Latin-1 decoded bytes) dominate, then they count as control characters', () => {
    expect(checkBinary('\u0080\u0090\u009Fab'.repeat(10))?.rule).toBe('binary');
  });

  it('when control characters are exactly 10%, then the text passes', () => {
    expect(checkBinary('abcdefghi\u0007'.repeat(10))).toBeUndefined();
  });

  it('when the text has newlines, carriage returns, tabs and form feeds, then they are not control characters', () => {
    expect(checkBinary('a\n\r\t\f'.repeat(50))).toBeUndefined();
  });

  it('when ordinary prose has a stray control character, then it passes', () => {
    expect(checkBinary(`${prose}\u0096${prose}`)).toBeUndefined();
    expect(checkBinary('')).toBeUndefined();
  });
});
