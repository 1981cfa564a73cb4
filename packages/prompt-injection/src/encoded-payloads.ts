/** A text hidden in another by an encoding a model can read: what it decodes to, and how. */
export interface DecodedPayload {
  encoding: 'base64' | 'hex' | 'rot13';
  text: string;
}

/** Bounds on the effort spent decoding one text: scanning is linear, and decoding stops at these. */
const LIMITS = {
  /** Characters of base64 runs decoded per text, all runs together; so many of hex runs. */
  runCharacters: 100_000,
  /** Characters of a text read as ROT13. */
  rot13Length: 100_000,
};

/** A run of base64 (standard or URL-safe alphabet) long enough to hold a phrase: 24 characters decode to 18 bytes. */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_=-])/g;
/**
 * A line break inside a base64 run wrapped at a fixed width (as MIME and most encoders wrap it):
 * after 16 or more characters of the alphabet, before a line that is base64 to its end.
 */
const WRAPPED_BASE64 = /(?<=[A-Za-z0-9+/_-]{16})\r?\n(?=[A-Za-z0-9+/_-]{4,}={0,2}(?:\r?\n|$))/g;
/**
 * A run of 8 or more bytes written in hex: contiguous (`48656c6c6f…`), or each byte set apart by a
 * space, colon or comma, or written `\x48` or `0x48`.
 */
const HEX_RUN = /(?<![0-9A-Za-z\\])(?:(?:\\x|0x)?[0-9a-f]{2}(?:, ?|[ :])?){8,}/gi;

/**
 * Words every ROT13-encoded injection pattern needs, encoded ("ignore" is "vtaber"): a text
 * without any is not decoded.
 */
const ROT13_CUES = new RegExp(
  ['ignore', 'disregard', 'forget', 'instruction', 'prompt', 'system', 'reveal', 'jailbreak', 'you are now', 'rules']
    .map((word) => rot13(word))
    .join('|'),
  'i',
);

/**
 * The texts hidden in `text` that a model could decode and obey: each run of base64 or hex that
 * decodes to readable text (printable, with spaces between words), and the whole text read as
 * ROT13 when it holds an encoded cue word. Bounded: see {@link decodeBase64Runs},
 * {@link decodeHexRuns}, and the first {@link LIMITS}.rot13Length characters for ROT13.
 */
export function decodedPayloads(text: string): DecodedPayload[] {
  const payloads: DecodedPayload[] = [
    ...decodeBase64Runs(text).map((decoded) => ({ encoding: 'base64' as const, text: decoded })),
    ...decodeHexRuns(text).map((decoded) => ({ encoding: 'hex' as const, text: decoded })),
  ];
  const head = text.slice(0, LIMITS.rot13Length);
  if (ROT13_CUES.test(head)) payloads.push({ encoding: 'rot13', text: rot13(head) });
  return payloads;
}

/**
 * What each run of base64 in `text` (standard or URL-safe alphabet, padded or not, also wrapped
 * over lines) decodes to, when that reads as prose. Words and identifiers are base64's alphabet
 * too: a run is decoded only when it holds a digit, `+`, `/` or `=`, or mixed case past a word's.
 * Bounded: runs are decoded until {@link LIMITS}.runCharacters characters have been.
 */
export function decodeBase64Runs(text: string): string[] {
  const decoded: string[] = [];
  let budget = LIMITS.runCharacters;
  for (const [run] of text.replace(WRAPPED_BASE64, '').matchAll(BASE64_RUN)) {
    if (!looksLikeBase64(run)) continue;
    budget -= run.length;
    if (budget < 0) break;
    const prose = proseOf(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    if (prose !== null) decoded.push(prose);
  }
  return decoded;
}

/**
 * What each run of 8 or more hex-encoded bytes in `text` decodes to, when that reads as prose.
 * Bounded like {@link decodeBase64Runs}.
 */
export function decodeHexRuns(text: string): string[] {
  const decoded: string[] = [];
  let budget = LIMITS.runCharacters;
  for (const [run] of text.matchAll(HEX_RUN)) {
    budget -= run.length;
    if (budget < 0) break;
    const prose = proseOf(Buffer.from(run.replace(/\\x|0x|[ :,]/gi, ''), 'hex'));
    if (prose !== null) decoded.push(prose);
  }
  return decoded;
}

/** Whether a run of base64's alphabet looks encoded rather than like a word: a digit, `+/=`, or mixed case past a word's. */
export function looksLikeBase64(run: string): boolean {
  const upper = run.replace(/[^A-Z]/g, '').length;
  const lower = run.replace(/[^a-z]/g, '').length;
  return /\d|[+/=]/.test(run) || (upper > 2 && lower > 2);
}

/** `bytes` as UTF-8 text when it reads as prose (printable, several words); else null. */
function proseOf(bytes: Uint8Array): string | null {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const printable = text.replace(/[^\p{L}\p{N}\p{P}\p{Zs}\n]/gu, '').length;
  const words = text.split(/\s+/).filter((word) => /\p{L}{2,}/u.test(word)).length;
  return printable >= text.length * 0.95 && words >= 3 ? text : null;
}

/** `text` with each ASCII letter moved 13 places: ROT13 is its own inverse. */
export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (letter) => {
    const base = letter <= 'Z' ? 65 : 97;
    return String.fromCharCode(((letter.charCodeAt(0) - base + 13) % 26) + base);
  });
}
