import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { describeError } from '../errors/describe-error.ts';
import { ErrorNotice } from '../errors/error-notice.tsx';

/** A query's data through `children`, or while it loads "Loading…", or its error in words. */
export function QueryState<T>({
  query,
  label,
  children,
}: {
  query: UseQueryResult<T>;
  /** What is loading, e.g. "versions". */
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorNotice error={describeError(query.error)} />;
  return (
    <p className="muted" role="status">
      Loading {label}…
    </p>
  );
}
