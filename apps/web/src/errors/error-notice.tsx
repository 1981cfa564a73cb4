import { useEffect, useState } from 'react';
import { errorText, type ErrorDescription } from './describe-error.ts';

/** A failure in words, as an alert; a rate limit counts down to when trying again makes sense. */
export function ErrorNotice({ error, className }: { error: ErrorDescription; className?: string }) {
  const now = useNowWhileCounting(error.kind === 'rate-limited' ? error.retryAt : null);
  return (
    <div role="alert" className={`notice notice-error ${className ?? ''}`.trim()}>
      <p>{errorText(error, now)}</p>
      {error.kind === 'message' && error.requestId && <p className="notice-detail">Request id: {error.requestId}</p>}
    </div>
  );
}

/** The time, re-read every second until `until` (epoch ms) has passed. */
function useNowWhileCounting(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null || until <= Date.now()) return;
    const timer = setInterval(() => {
      const current = Date.now();
      setNow(current);
      if (current >= until) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return now;
}
