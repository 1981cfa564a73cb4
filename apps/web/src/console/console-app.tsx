import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import type { SessionInfo } from '@ragship/server';
import { ApiKeyForm } from '../access/api-key-form.tsx';
import { SignOutButton } from '../access/sign-out-button.tsx';
import { useApiKey } from '../api/api-context.tsx';
import { ConsoleLink } from './console-link.tsx';
import { useSessionQuery } from './console-queries.ts';
import { consolePath, type ConsoleRoute } from './console-route.ts';
import { EnvironmentsPage } from './environments-page.tsx';
import { HistoryPage } from './history-page.tsx';
import { KbListPage } from './kb-list-page.tsx';
import { KbVersionsPage } from './kb-versions-page.tsx';
import { PageHeading } from './page-heading.tsx';
import { QueryState } from './query-state.tsx';
import { useConsoleRoute } from './use-console-route.ts';

/** A version's page (manifest, validation, diffs) is the console's largest; it loads when first opened. */
const VersionPage = lazy(() => import('./version-page.tsx').then((module) => ({ default: module.VersionPage })));

/** The console (`/ops`): knowledge bases and versions, environments, history; for operator and admin keys. */
export function ConsoleApp() {
  const route = useConsoleRoute();
  const session = useSessionQuery();
  const { key, required } = useApiKey();
  const queryClient = useQueryClient();

  // Everything read with another key (or none) is read again with the new one.
  const keyRead = useRef(key);
  useEffect(() => {
    if (keyRead.current === key) return;
    keyRead.current = key;
    void queryClient.invalidateQueries();
  }, [key, queryClient]);

  return (
    <div className="console-page">
      <header className="app-header">
        <a className="brand" href="/ops">
          ragship <span className="brand-page">console</span>
        </a>
        <ConsoleNav route={route} />
        <p className="serving">
          <span data-testid="environment" className="environment-badge">
            {session.data?.environment ?? '…'}
          </span>
          {session.data && (
            <span className="muted">
              {' '}
              · {session.data.actor} ({session.data.role})
            </span>
          )}
        </p>
        <div className="header-actions">
          <a href="/">Chat</a>
          <SignOutButton />
        </div>
      </header>
      <main className="console-main">
        {required ? (
          <>
            <PageHeading title="Sign in" />
            <ApiKeyForm />
          </>
        ) : (
          <QueryState query={session} label="your session">
            {(data) => <ConsolePage route={route} session={data} />}
          </QueryState>
        )}
      </main>
    </div>
  );
}

function ConsoleNav({ route }: { route: ConsoleRoute }) {
  const section = route.page === 'kb' || route.page === 'version' ? 'kbs' : route.page;
  const link = (page: 'kbs' | 'environments' | 'history', label: string): ReactNode => (
    <li>
      <ConsoleLink
        href={consolePath(page === 'history' ? { page, kb: null, env: null } : { page })}
        aria-current={section === page ? 'page' : undefined}
      >
        {label}
      </ConsoleLink>
    </li>
  );
  return (
    <nav aria-label="Console" className="console-nav">
      <ul>
        {link('kbs', 'Knowledge bases')}
        {link('environments', 'Environments')}
        {link('history', 'History')}
      </ul>
    </nav>
  );
}

function ConsolePage({ route, session }: { route: ConsoleRoute; session: SessionInfo }) {
  if (session.role === 'reader') return <Forbidden role={session.role} />;
  switch (route.page) {
    case 'environments':
      return <EnvironmentsPage session={session} />;
    case 'kbs':
      return <KbListPage />;
    case 'kb':
      return <KbVersionsPage kb={route.kb} />;
    case 'version':
      return (
        <Suspense
          fallback={
            <p className="muted" role="status">
              Loading…
            </p>
          }
        >
          <VersionPage kb={route.kb} version={route.version} compare={route.compare} doc={route.doc} />
        </Suspense>
      );
    case 'history':
      return <HistoryPage kb={route.kb} env={route.env} />;
    case 'not-found':
      return (
        <>
          <PageHeading title="Page not found" />
          <p>
            The console has no page at this address. Go to{' '}
            <ConsoleLink href={consolePath({ page: 'environments' })}>Environments</ConsoleLink>.
          </p>
        </>
      );
  }
}

/** What a reader key sees: the console is for operators. */
function Forbidden({ role }: { role: string }) {
  return (
    <>
      <PageHeading title="Console unavailable" />
      <div className="notice notice-error" role="alert">
        <p>Your key (role {role}) cannot use the console; ask for an operator key.</p>
      </div>
      <p>
        <a href="/">Back to the chat</a>
      </p>
    </>
  );
}
