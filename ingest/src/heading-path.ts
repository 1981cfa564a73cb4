import type { DocumentFormat } from './source-document.js';

/** A Markdown-style heading and where it starts in the document text. */
export interface Heading {
  offset: number;
  level: number;
  text: string;
}

/** The `#` headings of a Markdown (or HTML-converted) document, skipping fenced code blocks. */
export function headingsOf(text: string, format: DocumentFormat): Heading[] {
  if (format !== 'markdown' && format !== 'html') return [];
  const headings: Heading[] = [];
  let offset = 0;
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = inFence ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] && match[2]) headings.push({ offset, level: match[1].length, text: match[2] });
    offset += line.length + 1;
  }
  return headings;
}

/** The headings in force at `offset`, outermost first, joined by ` > `. */
export function headingPathAt(headings: readonly Heading[], offset: number): string {
  const stack: Heading[] = [];
  for (const heading of headings) {
    if (heading.offset > offset) break;
    while ((stack.at(-1)?.level ?? 0) >= heading.level) stack.pop();
    stack.push(heading);
  }
  return stack.map((heading) => heading.text).join(' > ');
}
