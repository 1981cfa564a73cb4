/** A page of the console, as its URL says (`/ops/...`; the server serves ops.html for every one). */
export type ConsoleRoute =
  | { page: 'environments' }
  | { page: 'kbs' }
  | { page: 'kb'; kb: string }
  | {
      page: 'version';
      kb: string;
      version: string;
      /** The version compared with (`?compare=`); null: no diff shown. */
      compare: string | null;
      /** The document whose chunks the diff shows (`?doc=`); null: none. */
      doc: string | null;
    }
  | { page: 'history'; kb: string | null; env: string | null }
  | { page: 'not-found' };

/** The route of a console URL. `/ops` is the environments overview. */
export function parseConsoleRoute(pathname: string, search: string): ConsoleRoute {
  const segments = pathname
    .replace(/^\/ops\/?/, '')
    .split('/')
    .filter((segment) => segment.length > 0)
    .map(decodeSegment);
  const query = new URLSearchParams(search);
  const [first, kb, third, version, ...rest] = segments;
  if (!pathname.startsWith('/ops') || (pathname.length > 4 && pathname[4] !== '/')) return { page: 'not-found' };
  if (first === undefined || (first === 'environments' && kb === undefined)) return { page: 'environments' };
  if (first === 'history' && kb === undefined) return { page: 'history', kb: query.get('kb'), env: query.get('env') };
  if (first !== 'kbs') return { page: 'not-found' };
  if (kb === undefined) return { page: 'kbs' };
  if (third === undefined) return { page: 'kb', kb };
  if (third === 'versions' && version !== undefined && rest.length === 0) {
    return { page: 'version', kb, version, compare: query.get('compare'), doc: query.get('doc') };
  }
  return { page: 'not-found' };
}

/** The URL of a console route (path and query). */
export function consolePath(route: ConsoleRoute): string {
  switch (route.page) {
    case 'environments':
    case 'not-found':
      return '/ops/environments';
    case 'kbs':
      return '/ops/kbs';
    case 'kb':
      return `/ops/kbs/${encodeURIComponent(route.kb)}`;
    case 'version':
      return (
        `/ops/kbs/${encodeURIComponent(route.kb)}/versions/${encodeURIComponent(route.version)}` +
        queryString({ compare: route.compare, doc: route.doc })
      );
    case 'history':
      return `/ops/history${queryString({ kb: route.kb, env: route.env })}`;
  }
}

function queryString(parameters: Record<string, string | null>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
