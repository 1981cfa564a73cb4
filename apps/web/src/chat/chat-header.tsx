import type { SessionInfo } from '@ragship/server';
import { SignOutButton } from '../access/sign-out-button.tsx';

/**
 * The chat page's banner: the product, the kb picker, the environment and the `kb@version` that
 * gave the latest answer, the console link for operators, and sign out.
 */
export function ChatHeader({
  session,
  kb,
  onKbChange,
  answeredBy,
}: {
  session: SessionInfo | null;
  kb: string | null;
  onKbChange: (kb: string) => void;
  /** `kb@version` of the latest answer on screen; null before the first. */
  answeredBy: string | null;
}) {
  const canUseConsole = session?.role === 'operator' || session?.role === 'admin';
  return (
    <header className="app-header">
      <h1 className="brand">
        ragship <span className="brand-page">chat</span>
      </h1>
      {session && (
        <div className="header-field">
          <label htmlFor="kb-picker">Knowledge base</label>
          <select
            id="kb-picker"
            value={kb ?? ''}
            disabled={session.kbs.length === 0}
            onChange={(event) => onKbChange(event.target.value)}
          >
            {session.kbs.length === 0 && <option value="">none served</option>}
            {session.kbs.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="serving">
        <span data-testid="environment" className="environment-badge" title="The environment this API serves">
          {session?.environment ?? '…'}
        </span>{' '}
        <span className="muted">latest answer by</span>{' '}
        <span data-testid="answered-by" title="The index version that gave the latest answer">
          {answeredBy ?? '—'}
        </span>
      </p>
      <div className="header-actions">
        {canUseConsole && <a href="/ops">Console</a>}
        <SignOutButton />
      </div>
    </header>
  );
}
