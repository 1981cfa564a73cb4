/**
 * Undoing the disguises hostile text wears: invisible characters, Unicode tag "smuggling",
 * look-alike letters from other scripts, leetspeak, base64 and ROT13. The gullible model reads
 * through them (as a capable model would), and the judge does too, so that an answer which says
 * "PΕLICAN" with a Greek Ε still counts as saying "PELICAN".
 */

/** Zero-width, joiner, bidi-control and filler characters that render as nothing. */
const INVISIBLE =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]|\u034F|\u17B4|\u17B5|[\u180B-\u180D]|[\uFE00-\uFE0F]/g;

/** Unicode tag characters (U+E0000–U+E007F): invisible, but each mirrors one ASCII character. */
const TAG_CHARACTERS = /[\u{E0000}-\u{E007F}]/gu;

/** Cyrillic, Greek and IPA letters that look like Latin ones … */
const LOOKALIKES = 'АВЕКМНОРСТХІЈЅҮаеорсухіјѕԁһӏԛԝոսΑΒΕΖΗΙΚΜΝΟΡΤΥΧονριτυκɑɡı';
/** … and, at the same position, the Latin letter each imitates. */
const IMITATED = 'ABEKMHOPCTXIJSYaeopcyxijsdhlqwnuABEZHIKMNOPTYXovpitukagi';
const HOMOGLYPHS = new Map(Array.from(LOOKALIKES, (character, index) => [character, IMITATED[index] ?? character]));

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};

/**
 * The text as a reader sees it, plus what it hides: compatibility forms folded (fullwidth
 * "Ｉｇｎｏｒｅ" → "Ignore"), tag characters turned into the ASCII they mirror, invisible
 * characters removed.
 */
export function revealHidden(text: string): string {
  return text
    .normalize('NFKC')
    .replace(TAG_CHARACTERS, (tag) => {
      const ascii = (tag.codePointAt(0) ?? 0xe0000) - 0xe0000;
      return ascii >= 0x20 && ascii < 0x7f ? String.fromCharCode(ascii) : '';
    })
    .replace(INVISIBLE, '');
}

/** Every look-alike letter replaced by the Latin letter it imitates. */
export function mapHomoglyphs(text: string): string {
  return Array.from(text, (character) => HOMOGLYPHS.get(character) ?? character).join('');
}

/** Words that mix letters with digits or symbols read as letters ("1gn0r3" → "ignore"); plain numbers stay. */
export function undoLeetspeak(text: string): string {
  return text.replace(/[\p{L}\d@$!]+/gu, (word) =>
    /\p{L}/u.test(word) && /[\d@$]/.test(word)
      ? Array.from(word, (character) => LEET[character] ?? character).join('')
      : word,
  );
}

/** Runs of base64 of at least 16 characters that decode to readable UTF-8 text. */
export function decodeBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    const plain = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    const readable = plain.replace(/[^\p{L}\p{N}\p{P}\p{Zs}\n]/gu, '');
    if (plain.length >= 8 && readable.length / plain.length > 0.9 && /\p{L}{3}/u.test(plain)) decoded.push(plain);
  }
  return decoded;
}

/** ROT13 of the Latin letters. */
export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (letter) => {
    const base = letter <= 'Z' ? 65 : 97;
    return String.fromCharCode(((letter.charCodeAt(0) - base + 13) % 26) + base);
  });
}

/** "i g n o r e" and "i.g.n.o.r.e" read as "ignore". */
function joinSpacedLetters(text: string): string {
  return text.replace(/(?:\b\p{L}[ .]){3,}\p{L}\b/gu, (spaced) => spaced.replace(/[ .]/g, ''));
}

/**
 * Every reading of `text` a capable model would arrive at: as shown with hidden characters
 * revealed, with look-alikes mapped, with leetspeak and spaced letters undone, and each base64
 * run (and, when the text mentions ROT13, the ROT13) decoded. The first reading is the plain one.
 */
export function readingsOf(text: string): string[] {
  const revealed = revealHidden(text);
  const mapped = mapHomoglyphs(revealed);
  const readings = [revealed, mapped, joinSpacedLetters(undoLeetspeak(mapped))];
  readings.push(...decodeBase64Runs(revealed).map((decoded) => revealHidden(decoded)));
  if (/rot[\s-]?13/i.test(mapped)) readings.push(rot13(mapped));
  return [...new Set(readings)];
}

/** Text folded for "does it say X" comparisons: hidden characters revealed, look-alikes mapped, lower case, spaces collapsed. */
export function foldForMatching(text: string): string {
  return mapHomoglyphs(revealHidden(text)).toLowerCase().replace(/\s+/g, ' ');
}
