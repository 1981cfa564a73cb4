import { describe, expect, it } from 'vitest';
import { findToxicity } from './find-toxicity.js';

describe('findToxicity', () => {
  it.each([
    ['You are a fucking idiot.', 'fuck'],
    ['What a load of sh1t.', 'shit'],
    ['ｆｕｃｋ this', 'fuck'],
    ['F*ck off', 'fuck'],
    ['Shut up, you cunt.', 'cunt'],
  ])('when the text says "%s", then it finds %s', (text, word) => {
    expect(findToxicity(text)).toContain(word);
  });

  it.each([
    'Sex differences in mortality were stratified by age.',
    'Receptor trafficking requires FKBP12 and ASS1.',
    'Growth retardation and anal fissures were reported.',
    'Semen analysis and vaginal swabs were taken.',
    'The ABO blood group and Fick diffusion were measured in 455 of 717 patients (F465L).',
    'A dose of 3 × 10 4 ffu was given (Chan, Jasper Fuk-Woo; Fagbohun et al.).',
    'Hooker et al. studied the great tit in the cockpit.',
  ])('when scientific prose says "%s", then nothing is found', (text) => {
    expect(findToxicity(text)).toEqual([]);
  });
});
