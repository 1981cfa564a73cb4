import { useSyncExternalStore } from 'react';
import { parseConsoleRoute, type ConsoleRoute } from './console-route.ts';

/** Fired on `window` when the console changes the URL itself (history.pushState fires nothing). */
const NAVIGATED = 'ragship:navigated';

/** Shows another console URL without reloading the page (`replace`: without a new history entry). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

const currentUrl = () => location.pathname + location.search;

/** The console route of the current URL, following back/forward and {@link navigate}. */
export function useConsoleRoute(): ConsoleRoute {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const [pathname = '', search = ''] = url.split(/(?=\?)/);
  return parseConsoleRoute(pathname, search);
}
