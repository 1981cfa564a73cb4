/** A text hidden in another by an encoding a model can read: what it decodes to, and how. */
export interface DecodedPayload {
  encoding: 'base64' | 'rot13';
  text: string;
}

/** Bounds on the effort spent decoding one text: scanning is linear, but decoding is not free. */
const LIMITS = {
  /** Base64 runs decoded per text. */
  base64Runs: 16,
  /** Longest base64 run decoded, in characters. */
  base64Length: 8192,
  /** Characters of a text read as ROT13. */
  rot13Length: 100_000,
};

/** A run of base64 (standard or URL-safe alphabet) long enough to hold a phrase: 24 characters decode to 18 bytes. */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_=-])/g;

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
 * The texts hidden in `text` that a model could decode and obey: each run of base64 that
 * decodes to readable text (printable, with spaces between words), and the whole text read as
 * ROT13. Bounded: at most {@link LIMITS}.base64Runs runs of at most
 * {@link LIMITS}.base64Length characters, and the first {@link LIMITS}.rot13Length characters
 * for ROT13.
 */
export function decodedPayloads(text: string): DecodedPayload[] {
  const payloads: DecodedPayload[] = [];
  let runs = 0;
  for (const match of text.matchAll(BASE64_RUN)) {
    if (runs++ >= LIMITS.base64Runs) break;
    const run = match[0];
    // Words and identifiers are base64's alphabet too: a run needs a digit, or mixed case past a word's.
    if (run.length > LIMITS.base64Length || !looksEncoded(run)) continue;
    const decoded = decodeBase64(run);
    if (decoded !== null) payloads.push({ encoding: 'base64', text: decoded });
  }
  const head = text.slice(0, LIMITS.rot13Length);
  if (ROT13_CUES.test(head)) payloads.push({ encoding: 'rot13', text: rot13(head) });
  return payloads;
}

function looksEncoded(run: string): boolean {
  const upper = run.replace(/[^A-Z]/g, '').length;
  const lower = run.replace(/[^a-z]/g, '').length;
  return /\d|[+/=]/.test(run) || (upper > 2 && lower > 2);
}

/** The UTF-8 text `run` decodes to, when it reads as prose (printable, several words); else null. */
function decodeBase64(run: string): string | null {
  const bytes = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
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
