import { useEffect, useState } from 'react';

/** How long ago `then` was, briefly: `just now`, `42s ago`, `3m ago`, `5h ago`, `2d ago`, else the date. */
export function formatRelativeTime(then: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)}d ago`;
  return then.toLocaleDateString();
}

/** A time shown relative ("3m ago"), with the absolute time in its tooltip; re-read every 30 seconds. */
export function RelativeTime({ iso }: { iso: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={then.toLocaleString()}>
      {formatRelativeTime(then, now)}
    </time>
  );
}
