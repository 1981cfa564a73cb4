import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from './use-console-route.ts';

/** A link within the console: a real `<a href>` (new tab, copy link work) that navigates without a reload. */
export function ConsoleLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const click = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(href);
    window.scrollTo?.(0, 0);
  };
  return <a href={href} onClick={click} {...rest} />;
}
