/**
 * Splits Markdown or prose into sentences and list items. Headings, tables and the contents of
 * fenced code blocks are left out: quoted as an answer they read as noise, and the prose around
 * a command names it anyway.
 */
export function splitSentences(text: string): string[] {
  const lines: string[] = [];
  let inFence = false;
  for (const raw of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || /^\s*#{1,6}\s/.test(raw) || /^\s*\|/.test(raw)) continue;
    const line = raw.replace(/^\s*([-*+]\s+|\d+\.\s+|>\s*)/, '').trim();
    if (line.length > 0) lines.push(line);
  }
  return joinWrappedLines(lines)
    .flatMap((paragraph) => paragraph.split(/(?<=[.!?])\s+(?=[A-Z`"(])/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length >= 12);
}

/** Joins a hard-wrapped sentence back together: a line that does not end a sentence continues on the next. */
function joinWrappedLines(lines: readonly string[]): string[] {
  const paragraphs: string[] = [];
  let current = '';
  for (const line of lines) {
    current = current ? `${current} ${line}` : line;
    if (/[.!?:)]$/.test(line) || line.endsWith('`')) {
      paragraphs.push(current);
      current = '';
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

/**
 * The sentence's own references, which mean nothing once quoted out of their document: numbered
 * ones ("[4]", "[2, 3]", "[5–7]"), author–year ones ("(Smith et al., 2012)", "(Kelly and
 * Strick, 2000)") and pointers to figures and tables ("(Figure 3A)", "( Table 1)").
 */
const REFERENCES = [
  /\s*\[\d+(?:\s*[,–-]\s*\d+)*\]/g,
  /\s*\([^()]*?(?:et al\.?|\b[A-Z][a-z]+ and [A-Z][a-z]+)[^()]*?\d{4}[a-z]?[^()]*?\)/g,
  /\s*\(\s*(?:Fig(?:ure)?s?\.?|Tables?|Supplementary)[^()]*\)/gi,
];

/** The sentence without its bibliographic and figure references (see {@link REFERENCES}). */
export function stripReferences(sentence: string): string {
  return REFERENCES.reduce((text, pattern) => text.replace(pattern, ''), sentence)
    .replace(/\s+([.,;:])/g, '$1')
    .trim();
}
