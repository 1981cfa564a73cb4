import { htmlTags, RAW_TEXT_ELEMENTS, type HtmlTag } from './html-tags.js';

/**
 * Elements that run code, load or embed a document, restyle the page, or take input, when rendered
 * as HTML; and those whose content a browser reads as text (`<title>`, `<xmp>`, …): a Markdown
 * renderer may show their tags as code (`` `<title>` ``) and the markup between them as HTML.
 */
const ACTIVE_ELEMENTS: ReadonlySet<string> = new Set([
  ...RAW_TEXT_ELEMENTS,
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'template',
  'portal',
  'noscript',
]);
/** Of those, the elements whose content goes with them: a browser runs or applies it rather than showing it. */
const CONTENT_REMOVED: ReadonlySet<string> = new Set(['script', 'style']);

/** An inline Markdown link or image, its destination allowed one level of balanced parentheses (`alert(1)`). */
const MARKDOWN_LINK =
  /!?\[([^\]\n]*)\]\(\s*<?\s*((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/g;
const REFERENCE_DEFINITION = /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?[^\n]*$/gm;
const AUTOLINK = /<([a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>/gi;

/** How {@link neutralizeMarkup} treats the end of its text. */
export interface NeutralizeMarkupOptions {
  /**
   * More text follows (a stream's piece): an active tag still open at the end is kept for the
   * caller to hold back, since only what comes next closes it. Default false: it is removed to the
   * end, as a browser would read it as a tag if anything were appended.
   */
  more?: boolean;
}

/**
 * `text` with the HTML that would act when rendered removed: `<script>` and `<style>` elements
 * with their content; the tags of frames, objects, embeds, SVG and MathML, forms and their
 * controls, `<link>`, `<meta>` (`http-equiv` refresh), `<base>`, `<template>`; any tag with an
 * event handler (`onload=`, `onerror=`, …), `srcdoc`, or a `javascript:`, `vbscript:` or
 * non-image `data:` URL (entities and blanks in the URL undone first, as a browser does); and
 * Markdown links, images, autolinks and reference definitions to such URLs (a link keeps its text).
 * Text between removed tags stays, as text. Everything else is left as it is: Markdown, harmless
 * tags such as `<b>`, and `<` in prose (`p < 0.05`, `a<b`).
 *
 * Removed, not escaped: answers are read as plain text (our web app), as Markdown, or as HTML,
 * and escaping works for one reading only (`&lt;script&gt;` shows as that junk in plain text;
 * a backslash escape only means something to Markdown), while removing is inert in all three. An
 * HTML sanitiser that parses and serialises (sanitize-html, DOMPurify) would escape every `<` and
 * `&` of the prose and Markdown, and needs whole documents where a stream has pieces.
 */
export function neutralizeMarkup(text: string, options: NeutralizeMarkupOptions = {}): string {
  // Removing a tag joins what was around it, which may form a new one ("<scr<b onclick=x>ipt>"): again until stable.
  let current = text;
  for (let pass = 0; pass < 4; pass++) {
    const next = removeTags(removeScriptLinks(current), options.more ?? false);
    if (next === current) return next;
    current = next;
  }
  return current.replace(/<(?=[/!?A-Za-z])/g, '');
}

/**
 * How much of a streamed text can be neutralised now: not past the start of a `<script>` or
 * `<style>` element whose end tag has not come (its content goes with it). Open tags and links are
 * {@link linkSafeLength}'s to hold back.
 */
export function markupSafeLength(text: string): number {
  const tags = htmlTags(text);
  const open = tags.find((tag, index) => {
    if (!tag.complete || tag.closing || !CONTENT_REMOVED.has(tag.name)) return false;
    const endTag = tags[index + 1];
    return !(endTag?.complete && endTag.closing && endTag.name === tag.name);
  });
  return open ? open.start : text.length;
}

function removeScriptLinks(text: string): string {
  return text
    .replace(MARKDOWN_LINK, (whole, label: string, url: string) => (isScriptUrl(url) ? label : whole))
    .replace(REFERENCE_DEFINITION, (whole, url: string) => (isScriptUrl(url) ? '' : whole))
    .replace(AUTOLINK, (whole, url: string) => (isScriptUrl(url) ? '' : whole));
}

function removeTags(text: string, more: boolean): string {
  const tags = htmlTags(text);
  let kept = '';
  let position = 0;
  for (let index = 0; index < tags.length; index++) {
    const tag = tags[index]!;
    if (tag.start < position || !isActive(tag) || (more && !tag.complete)) continue;
    kept += text.slice(position, tag.start);
    position = tag.end;
    if (tag.closing || !tag.complete || !CONTENT_REMOVED.has(tag.name)) continue;
    // The content goes up to the element's end tag; without one, only the start tag goes and the rest is text.
    const endTag = tags[index + 1];
    if (endTag?.closing && endTag.name === tag.name) position = endTag.end;
  }
  return kept + text.slice(position);
}

/** Whether a tag acts when rendered: an active element's, or one with a handler, `srcdoc` or a script URL. */
function isActive(tag: HtmlTag): boolean {
  if (ACTIVE_ELEMENTS.has(tag.name)) return true;
  return tag.attributes.some(
    ({ name, value }) =>
      name.startsWith('on') ||
      name === 'srcdoc' ||
      isScriptUrl(value) ||
      (name === 'style' && /expression\s*\(|(?:java|vb)script:/.test(urlAsBrowsed(value))),
  );
}

/** Whether `url`, read as a browser reads an attribute value or a Markdown link destination, runs code or renders a document. */
function isScriptUrl(url: string): boolean {
  return /^(?:javascript:|vbscript:|data:(?!image\/))/.test(urlAsBrowsed(url));
}

/** `value` with character references decoded, tabs and line breaks removed, leading spaces and control characters trimmed, lower case. */
function urlAsBrowsed(value: string): string {
  const url = decodeCharacterReferences(value).replace(/[\t\n\r]/g, '');
  let start = 0;
  while (start < url.length && url.charCodeAt(start) <= 0x20) start++;
  return url.slice(start).toLowerCase();
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  colon: ':',
  tab: '\t',
  newline: '\n',
  lpar: '(',
  rpar: ')',
  sol: '/',
  amp: '&',
  quot: '"',
  apos: "'",
  lt: '<',
  gt: '>',
};

/** Numeric character references (`&#106;`, `&#x6A`, with or without `;`) and those named ones that spell a URL's scheme. */
function decodeCharacterReferences(value: string): string {
  return value.replace(
    /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));?/gi,
    (whole, decimal, hex, name: string | undefined) => {
      if (name !== undefined) return NAMED_REFERENCES[name.toLowerCase()] ?? whole;
      const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex as string, 16);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
    },
  );
}
