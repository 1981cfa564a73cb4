import { load } from 'cheerio';

/**
 * The `http(s)` targets of an HTML page's `<a href>` links, resolved against the page's URL (or
 * its `<base href>`), without fragments, each once, in document order. Links of other schemes
 * (`mailto:`, `javascript:`) and unparseable ones are left out.
 */
export function extractLinks(html: string, pageUrl: URL): URL[] {
  const $ = load(html);
  const base = resolve($('base[href]').first().attr('href'), pageUrl) ?? pageUrl;
  const links = new Map<string, URL>();
  $('a[href]').each((_, element) => {
    const target = resolve($(element).attr('href'), base);
    if (!target || (target.protocol !== 'http:' && target.protocol !== 'https:')) return;
    target.hash = '';
    if (!links.has(target.href)) links.set(target.href, target);
  });
  return [...links.values()];
}

function resolve(href: string | undefined, base: URL): URL | undefined {
  if (href === undefined) return undefined;
  try {
    return new URL(href.trim(), base);
  } catch {
    return undefined;
  }
}
