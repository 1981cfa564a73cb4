import { describe, expect, it } from 'vitest';
import { checkGarbled } from './check-garbled.js';

const prose = 'The apparent diffusion coefficient was measured in cerebral white matter of newborns. ';

describe('checkGarbled', () => {
  it('when more than 1% of the characters are U+FFFD, then it is rejected as not valid UTF-8', () => {
    const text = `${'x'.repeat(196)}\uFFFD\uFFFD\uFFFD`; // 3 of 199 = 1.5%
    expect(checkGarbled(text)).toEqual({
      rule: 'garbled',
      reason: 'not valid UTF-8 text: 3 undecodable characters (U+FFFD) in 199',
    });
  });

  it('when a long text has 10 U+FFFD, then it is rejected although they are under 1%', () => {
    expect(checkGarbled(`${prose.repeat(100)}${'\uFFFD'.repeat(10)}`)?.rule).toBe('garbled');
  });

  it('when a long text has a few stray U+FFFD, then it passes', () => {
    expect(checkGarbled(`${prose.repeat(20)}n \uFFFD 12376 and CT \uFFFD 40 ${prose}`)).toBeUndefined();
  });

  it('when French text was decoded as Latin-1 (mojibake), then it is rejected as wrongly decoded', () => {
    const mojibake = 'Les rÃ©sultats montrent une diffÃ©rence significative entre les Ã©chantillons Ã\u00A0 Paris. ';
    expect(checkGarbled(mojibake.repeat(5))).toMatchObject({ rule: 'garbled' });
    expect(checkGarbled(mojibake.repeat(5))?.reason).toMatch(/^wrongly decoded text: 20 mojibake sequences/);
  });

  it('when English text has every curly quote mis-decoded, then it is rejected', () => {
    const mojibake = 'The worldâ€™s largest study â€” â€œprospectiveâ€\u009D â€” enrolled 500 adults. ';
    expect(checkGarbled(mojibake.repeat(2))?.rule).toBe('garbled');
  });

  it('when a text has fewer than 5 mojibake sequences, then it passes', () => {
    expect(checkGarbled(`worldâ€™s largest â€” study Ã© Ã¼ ${prose}`)).toBeUndefined();
  });

  it('when a long text has fewer than 1 mojibake sequence per 1,000 characters, then it passes', () => {
    const text = `${prose.repeat(120)}the worldâ€™s largest â€” study Ã© Ã¼ Â° and â€œmoreâ€ ${prose}`; // 7 in ~10,500
    expect(checkGarbled(text)).toBeUndefined();
  });

  it('when the text has correctly decoded accents and symbols, then it passes', () => {
    const text =
      'Krüppel-like factor, São Paulo, SÃO PAULO, Ångström, 37 °C, © 2009, naïve T cells, “quoted” — dash, façade. ';
    expect(checkGarbled(text.repeat(10))).toBeUndefined();
  });
});
