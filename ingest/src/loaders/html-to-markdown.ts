import type { CheerioAPI } from 'cheerio';

/** A node of cheerio's DOM (domhandler's `AnyNode`, which cheerio does not re-export). */
type DomNode = ReturnType<ReturnType<CheerioAPI['root']>['contents']>[number];
type DomElement = Extract<DomNode, { attribs: unknown }>;

/** Elements whose text is not content. */
const DROPPED_ELEMENTS = new Set(['script', 'style', 'nav', 'noscript', 'template', 'head']);

/** Elements that start and end a block: their text never runs into the text around them. */
const BLOCK_ELEMENTS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'ol',
  'p',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

const HEADING = /^h([1-6])$/;
const TEXT_NODE = 3;

/**
 * The text of a parsed HTML page as Markdown-style blocks separated by blank lines: `h1`…`h6`
 * become `#`…`######` lines, list items `- ` (or `1. `) lines, table rows their cells joined by
 * ` | `, `pre` a fenced code block with its whitespace kept; other text has its whitespace
 * collapsed. Scripts, styles, navigation, `noscript` and `template` are dropped. Why not a
 * converter library: docs/decisions/2026-12-07-html-converter-kept.md.
 */
export function htmlToMarkdown($: CheerioAPI): string {
  const blocks: string[] = [];
  let inline = '';
  let listItemPrefix = '';

  const flush = (): void => {
    const text = collapseWhitespace(inline);
    inline = '';
    if (text === '') return;
    blocks.push(listItemPrefix + text);
    listItemPrefix = '';
  };

  const walk = (node: DomNode): void => {
    if (node.nodeType === TEXT_NODE) {
      inline += node.data;
      return;
    }
    if (!isElement(node)) return;
    const name = node.name.toLowerCase();
    if (DROPPED_ELEMENTS.has(name)) return;
    const heading = HEADING.exec(name);
    if (heading?.[1]) {
      flush();
      const text = collapseWhitespace($(node).text());
      if (text !== '') blocks.push(`${'#'.repeat(Number(heading[1]))} ${text}`);
      return;
    }
    if (name === 'pre') {
      flush();
      const code = $(node).text().replace(/^\n/, '').trimEnd();
      if (code.trim() !== '') blocks.push(fenced(code));
      return;
    }
    if (name === 'tr') {
      flush();
      const cells = $(node)
        .children('td, th')
        .toArray()
        .map((cell) => collapseWhitespace($(cell).text()));
      if (cells.some((cell) => cell !== '')) blocks.push(cells.join(' | '));
      return;
    }
    if (name === 'br') {
      inline += ' ';
      return;
    }
    const isBlock = BLOCK_ELEMENTS.has(name);
    if (isBlock) flush();
    if (name === 'li') listItemPrefix = listItemMarker(node);
    for (const child of node.children) walk(child);
    if (isBlock) flush();
    // A marker that found no text of its own item must not label the next block.
    if (name === 'li') listItemPrefix = '';
  };

  for (const node of $.root().contents().toArray()) walk(node);
  flush();
  return blocks.join('\n\n');
}

/** Whitespace runs (including newlines and no-break spaces) to one space, trimmed. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isElement(node: DomNode): node is DomElement {
  return 'attribs' in node;
}

function listItemMarker(item: DomElement): string {
  const list = item.parent;
  if (!list || !isElement(list) || list.name.toLowerCase() !== 'ol') return '- ';
  const position = list.children.filter((child) => isElement(child) && child.name.toLowerCase() === 'li').indexOf(item);
  return `${position + 1}. `;
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
function fenced(code: string): string {
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}\n${code}\n${fence}`;
}
