import { ConsoleLink } from './console-link.tsx';
import { consolePath } from './console-route.ts';

/** Where a kb page sits: Knowledge bases › kb. */
export function Breadcrumbs({ kb, version }: { kb: string; version?: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        <li>
          <ConsoleLink href={consolePath({ page: 'kbs' })}>Knowledge bases</ConsoleLink>
        </li>
        <li>
          {version ? (
            <ConsoleLink href={consolePath({ page: 'kb', kb })}>{kb}</ConsoleLink>
          ) : (
            <span aria-current="page">{kb}</span>
          )}
        </li>
        {version && (
          <li>
            <span aria-current="page">{version}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}
