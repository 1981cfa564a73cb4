import { describe, expect, it } from 'vitest';
import { citedNumbers, parseCitationMarkers, stripCitationMarkers } from './citation-markers.ts';

const known = (n: number) => n >= 1 && n <= 3;

describe('parseCitationMarkers', () => {
  it('when the answer cites [1] and [2], then it splits into text and one citation part per marker', () => {
    expect(parseCitationMarkers('Roll back with one command [1]. Aliases move [2].', known)).toEqual([
      { type: 'text', text: 'Roll back with one command ' },
      { type: 'citation', n: 1 },
      { type: 'text', text: '. Aliases move ' },
      { type: 'citation', n: 2 },
      { type: 'text', text: '.' },
    ]);
  });

  it('when markers are grouped as [1, 3] or adjacent as [1][2], then each number becomes its own citation', () => {
    const parts = parseCitationMarkers('See [1, 3] and [1][2]', known).filter((part) => part.type === 'citation');
    expect(parts).toEqual([
      { type: 'citation', n: 1 },
      { type: 'citation', n: 3 },
      { type: 'citation', n: 1 },
      { type: 'citation', n: 2 },
    ]);
  });

  it('when a bracketed number is no citation (a year, or still arriving), then it stays text', () => {
    expect(parseCitationMarkers('Since [2023] it works [1', known)).toEqual([
      { type: 'text', text: 'Since [2023] it works [1' },
    ]);
  });
});

describe('citedNumbers and stripCitationMarkers', () => {
  it('when a sentence carries markers, then they are listed and stripped with the space before them', () => {
    expect(citedNumbers('It moves back [2, 3]. Done [1].')).toEqual([2, 3, 1]);
    expect(stripCitationMarkers('It moves back [2] .')).toBe('It moves back.');
  });
});
