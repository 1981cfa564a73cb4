/** One attribute of an {@link HtmlTag}: its name in lower case, its value as written (entities not decoded). */
export interface HtmlAttribute {
  name: string;
  value: string;
}

/** An HTML start or end tag in a text, found where a browser's tokenizer would find it. */
export interface HtmlTag {
  /** Index of the `<`. */
  start: number;
  /** Index after the `>`; the text's length when the tag is not closed. */
  end: number;
  /** The tag name, lower case. */
  name: string;
  closing: boolean;
  /** Whether the `>` has come: a tag that runs to the end of the text may still be growing. */
  complete: boolean;
  attributes: HtmlAttribute[];
}

/**
 * Elements whose content a browser does not parse as markup: a tag inside them is text, and only
 * their own end tag (`</script`, `</style`, …) ends them.
 */
export const RAW_TEXT_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
]);

const SPACE = /[\t\n\f\r ]/;
const ASCII_LETTER = /[A-Za-z]/;

/**
 * The tags in `text`, in order, read as the HTML tokenizer reads them: a tag opens at `<` followed
 * by a letter (or `</` and a letter); `>` inside a quoted attribute value does not close it; the
 * content of a raw-text element ({@link RAW_TEXT_ELEMENTS}) up to its end tag holds no tags.
 * Anything else (`a < b`, `<3`, `<!-- -->`) is text. Unlike a browser, what follows a raw-text
 * start tag that is never closed is read as markup: a Markdown renderer may have shown that tag
 * as code, and what follows it as HTML. Linear in the text's length.
 */
export function htmlTags(text: string): HtmlTag[] {
  const tags: HtmlTag[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf('<', position);
    if (open < 0) break;
    const tag = tagAt(text, open);
    if (!tag) {
      position = open + 1;
      continue;
    }
    tags.push(tag);
    position = tag.end;
    if (tag.complete && !tag.closing && RAW_TEXT_ELEMENTS.has(tag.name)) {
      const close = rawTextEnd(text, tag.end, tag.name);
      if (close >= 0) position = close;
    }
  }
  return tags;
}

/** The tag that starts at the `<` at `open`, or null when that `<` starts none. */
function tagAt(text: string, open: number): HtmlTag | null {
  const closing = text[open + 1] === '/';
  let position = open + (closing ? 2 : 1);
  if (!ASCII_LETTER.test(text[position] ?? '')) return null;
  const nameStart = position;
  while (position < text.length && !SPACE.test(text[position]!) && text[position] !== '/' && text[position] !== '>') {
    position++;
  }
  const name = text.slice(nameStart, position).toLowerCase();
  const attributes: HtmlAttribute[] = [];
  while (position < text.length) {
    const char = text[position]!;
    if (char === '>') return { start: open, end: position + 1, name, closing, complete: true, attributes };
    if (SPACE.test(char) || char === '/') {
      position++;
      continue;
    }
    const attribute = attributeAt(text, position);
    attributes.push(attribute.attribute);
    position = attribute.end;
  }
  return { start: open, end: text.length, name, closing, complete: false, attributes };
}

/** The attribute whose name starts at `start`, and where it ends. */
function attributeAt(text: string, start: number): { attribute: HtmlAttribute; end: number } {
  let position = start + 1;
  const nameEnds = (char: string) => SPACE.test(char) || char === '/' || char === '>' || char === '=';
  while (position < text.length && !nameEnds(text[position]!)) position++;
  const name = text.slice(start, position).toLowerCase();
  let afterName = position;
  while (afterName < text.length && SPACE.test(text[afterName]!)) afterName++;
  if (text[afterName] !== '=') return { attribute: { name, value: '' }, end: position };
  position = afterName + 1;
  while (position < text.length && SPACE.test(text[position]!)) position++;
  const quote = text[position];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, position + 1);
    const end = close < 0 ? text.length : close + 1;
    return { attribute: { name, value: text.slice(position + 1, close < 0 ? text.length : close) }, end };
  }
  const valueStart = position;
  while (position < text.length && !SPACE.test(text[position]!) && text[position] !== '>') position++;
  return { attribute: { name, value: text.slice(valueStart, position) }, end: position };
}

/** Where the end tag of the raw-text element `name` whose content starts at `from` starts, or -1. */
function rawTextEnd(text: string, from: number, name: string): number {
  const endTag = new RegExp(String.raw`</${name}(?=[\t\n\f\r />]|$)`, 'gi');
  endTag.lastIndex = from;
  return endTag.exec(text)?.index ?? -1;
}

/** `cut` moved back to the start of the tag it falls inside, if any: a stream never releases part of a tag. */
export function tagSafeLength(text: string, cut: number): number {
  for (const tag of htmlTags(text)) {
    if (tag.start >= cut) break;
    if (cut < tag.end || !tag.complete) return tag.start;
  }
  return cut;
}
