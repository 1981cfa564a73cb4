import type { Citation } from '../citation.js';
import { tagSafeLength } from './html-tags.js';

/**
 * Which links an answer may keep: `cited` those to the host of a cited source that is a URL
 * (a file path makes no host allowed), `none` no link at all, `allow` every link as generated.
 */
export type LinkMode = 'cited' | 'none' | 'allow';

/** What {@link neutralizeLinks} keeps. */
export interface LinkPolicy {
  mode: LinkMode;
  /** Hosts of the cited sources that are http(s) URLs, lower case. */
  hosts: ReadonlySet<string>;
  /** The cited sources' URLs themselves: only these may keep a query string. */
  urls: ReadonlySet<string>;
}

/** The policy for an answer citing `citations`. */
export function linkPolicyOf(mode: LinkMode, citations: readonly Citation[]): LinkPolicy {
  const urls = new Set<string>();
  const hosts = new Set<string>();
  for (const { source } of citations) {
    const url = parseHttpUrl(source);
    if (!url) continue;
    urls.add(url.href);
    hosts.add(url.hostname.toLowerCase());
  }
  return { mode, hosts, urls };
}

/** What a removed image becomes; a removed link keeps its text, a removed bare URL becomes {@link LINK_REMOVED}. */
export const IMAGE_REMOVED = '[image removed]';
export const LINK_REMOVED = '[link removed]';

/** HTML attributes whose value a browser loads or links. */
const URL_ATTRIBUTES = 'src|href|srcset|poster|data|action|formaction|background|xlink:href';
const TITLE = String.raw`(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?`;
/**
 * Every construct that makes a client load or link a URL, as one alternation scanned left to
 * right (so a kept construct is never scanned again): Markdown images and inline links, reference
 * definitions (which turn `[1]` into a link), autolinks, HTML tags with a URL attribute, bare URLs.
 */
const LINK_CONSTRUCTS = new RegExp(
  [
    String.raw`(?<image>!\[(?<alt>[^\]\n]*)\]\(\s*<?(?<imageUrl>[^)\s>]*)>?${TITLE}\s*\))`,
    String.raw`(?<link>\[(?<text>[^\]\n]*)\]\(\s*<?(?<linkUrl>[^)\s>]*)>?${TITLE}\s*\))`,
    String.raw`(?<definition>^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(?<definitionUrl>[^\s>]+)>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$)`,
    String.raw`(?<autolink><(?<autolinkUrl>[a-z][a-z0-9+.-]{1,31}:[^\s<>]*)>)`,
    String.raw`(?<tag><(?<tagName>[a-z][a-z0-9-]*)\b[^<>]*?(?:\b(?:${URL_ATTRIBUTES})\s*=|\bstyle\s*=[^<>]*url\()[^<>]*>)`,
    String.raw`(?<bare>\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>()\[\]"'\x60]*[^\s<>()\[\]"'\x60.,;:!?])`,
  ].join('|'),
  'gimu',
);

/**
 * `text` with every link and image that the policy does not allow neutralised: a Markdown link
 * becomes its text, an image {@link IMAGE_REMOVED}, a reference definition disappears, an
 * autolink or bare URL becomes {@link LINK_REMOVED}, an HTML tag with a URL attribute is dropped
 * (an `<img>` becomes {@link IMAGE_REMOVED}). An allowed URL that looks like it carries data (a
 * query string other than the cited source's own, a long encoded path segment) is neutralised too.
 */
export function neutralizeLinks(text: string, policy: LinkPolicy): string {
  if (policy.mode === 'allow') return text;
  // What is left of a removed construct may form a new one ("[![x](u1)](u2)" leaves "![x](u2)"): again until stable.
  let current = text;
  for (let pass = 0; pass < 4; pass++) {
    const next = neutralizeOnce(current, policy);
    if (next === current) return next;
    current = next;
  }
  return current.replace(/[[\]()<>]/g, '');
}

function neutralizeOnce(text: string, policy: LinkPolicy): string {
  return text.replace(LINK_CONSTRUCTS, (whole, ...args: unknown[]) => {
    const groups = args.at(-1) as Record<string, string | undefined>;
    if (groups.image !== undefined) return isAllowed(groups.imageUrl, policy) ? whole : IMAGE_REMOVED;
    if (groups.link !== undefined) {
      return isAllowed(groups.linkUrl, policy) ? whole : (groups.text ?? '');
    }
    if (groups.definition !== undefined) return isAllowed(groups.definitionUrl, policy) ? whole : '';
    if (groups.autolink !== undefined) return isAllowed(groups.autolinkUrl, policy) ? whole : LINK_REMOVED;
    if (groups.tag !== undefined) {
      if (tagUrls(whole).every((url) => isAllowed(url, policy))) return whole;
      return groups.tagName?.toLowerCase() === 'img' ? IMAGE_REMOVED : '';
    }
    const bare = groups.bare ?? '';
    return isAllowed(bare.startsWith('www.') ? `https://${bare}` : bare, policy) ? whole : LINK_REMOVED;
  });
}

/**
 * How much of a streamed text can be neutralised now: up to where a construct may still be
 * growing. Held back from the last unclosed `[`, `![`, `](`, `<` or line-start `[id]:`, and the
 * last word (it may become a URL); never cut inside an HTML tag, whose attributes may have spaces
 * between them (`<img src=x onerror=…>`).
 */
export function linkSafeLength(text: string): number {
  let cut = text.length;
  const lastSpace = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n'), text.lastIndexOf('\t'));
  cut = Math.min(cut, lastSpace + 1);
  const bracket = openBracketStart(text);
  if (bracket >= 0) cut = Math.min(cut, bracket);
  const angle = text.lastIndexOf('<');
  if (angle >= 0 && text.indexOf('>', angle) < 0) cut = Math.min(cut, angle);
  // A reference definition (`[label]: url`) is complete only at the end of its line; a line that
  // starts with a citation marker (`[1] and …`) is not one, and flows on.
  const lineStart = text.lastIndexOf('\n') + 1;
  if (/^[ \t]{0,3}\[(?:[^\]]*$|[^\]]*\]:?$|[^\]]*\]:)/.test(text.slice(lineStart))) cut = Math.min(cut, lineStart);
  return tagSafeLength(text, Math.max(cut, 0));
}

/**
 * Where a Markdown link or image that may still be growing starts, or -1: an unclosed `[`, a `]`
 * at the very end (a `(` may follow), or a `](` whose `)` has not come.
 */
function openBracketStart(text: string): number {
  const open = text.lastIndexOf('[');
  if (open < 0) return -1;
  const close = text.indexOf(']', open);
  const start = open > 0 && text[open - 1] === '!' ? open - 1 : open;
  if (close < 0 || close === text.length - 1) return start;
  if (text[close + 1] === '(' && text.indexOf(')', close) < 0) return start;
  return -1;
}

function isAllowed(raw: string | undefined, policy: LinkPolicy): boolean {
  if (policy.mode === 'none' || !raw) return false;
  const url = parseHttpUrl(raw);
  if (!url || !policy.hosts.has(url.hostname.toLowerCase())) return false;
  if (policy.urls.has(url.href)) return true;
  return !carriesData(url);
}

/** A query string, credentials, or a path segment long and encoded-looking enough to carry data. */
function carriesData(url: URL): boolean {
  if (url.search || url.username || url.password) return true;
  return url.pathname.split('/').some((segment) => segment.length > 40 && /^[A-Za-z0-9+_=%-]+$/.test(segment));
}

function parseHttpUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** The URLs in an HTML tag's URL attributes (each `srcset` candidate too) and `url(…)` in its style. */
function tagUrls(tag: string): string[] {
  const urls: string[] = [];
  const attributes = new RegExp(String.raw`\b(?:${URL_ATTRIBUTES})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))`, 'gi');
  for (const match of tag.matchAll(attributes)) {
    const value = match[1] ?? match[2] ?? match[3] ?? '';
    urls.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0] ?? ''));
  }
  for (const match of tag.matchAll(/url\(\s*['"]?([^'")]+)/gi)) urls.push(match[1] ?? '');
  return urls;
}
