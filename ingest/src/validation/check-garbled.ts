import type { RuleViolation } from './rule-violation.js';

/** Text with more than this share of U+FFFD replacement characters is garbled: 1%. */
export const MAX_REPLACEMENT_CHARACTER_SHARE = 0.01;
/** Text with at least this many U+FFFD replacement characters is garbled, whatever its length: 10. */
export const MAX_REPLACEMENT_CHARACTERS = 10;
/** Mojibake needs at least this many signatures before it can reject a document: 5. */
export const MIN_MOJIBAKE_SIGNATURES = 5;
/** ...and at least one signature per this many characters: 1,000. */
export const MAX_CHARACTERS_PER_MOJIBAKE_SIGNATURE = 1000;

const REPLACEMENT_CHARACTER = /\uFFFD/g;

/**
 * What UTF-8 looks like when decoded as Latin-1 or Windows-1252: `Ã` before a Latin-1 symbol or
 * a Windows-1252 punctuation mark (`Ã©` for é, `Ã¼` for ü), `â€` (the start of every curly quote
 * and dash: `â€™`, `â€œ`, `â€”`), `Â` before a Latin-1 symbol (`Â°`, `Â©`, `Â` + no-break space)
 * and `ï»¿` (a byte order mark). None of these pairs occurs in correctly decoded prose.
 */
const MOJIBAKE_SIGNATURE =
  /Ã[\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]|â€|Â[\u00A0-\u00BF]|ï»¿/g;

/**
 * Rejects text that was not decoded correctly (`garbled`): more than
 * {@link MAX_REPLACEMENT_CHARACTER_SHARE} or at least {@link MAX_REPLACEMENT_CHARACTERS} U+FFFD
 * replacement characters (bytes that were not valid UTF-8), or mojibake (UTF-8 read as Latin-1):
 * at least {@link MIN_MOJIBAKE_SIGNATURES} signatures and at least one per
 * {@link MAX_CHARACTERS_PER_MOJIBAKE_SIGNATURE} characters. The thresholds are conservative: a
 * few stray bad characters in otherwise good text, common in converted papers, pass.
 */
export function checkGarbled(text: string): RuleViolation | undefined {
  const replacements = text.match(REPLACEMENT_CHARACTER)?.length ?? 0;
  if (replacements >= MAX_REPLACEMENT_CHARACTERS || replacements > text.length * MAX_REPLACEMENT_CHARACTER_SHARE) {
    return {
      rule: 'garbled',
      reason: `not valid UTF-8 text: ${replacements} undecodable characters (U+FFFD) in ${text.length}`,
    };
  }
  const signatures = text.match(MOJIBAKE_SIGNATURE)?.length ?? 0;
  if (signatures >= MIN_MOJIBAKE_SIGNATURES && signatures * MAX_CHARACTERS_PER_MOJIBAKE_SIGNATURE >= text.length) {
    return {
      rule: 'garbled',
      reason:
        `wrongly decoded text: ${signatures} mojibake sequences such as "Ã©" or "â€™" (UTF-8 read as Latin-1); ` +
        're-save the file as UTF-8',
    };
  }
  return undefined;
}
