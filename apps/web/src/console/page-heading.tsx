import { useEffect, type ReactNode } from 'react';

/** A console page's one `<h1>` (also the document title), with actions beside it. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · ragship console`;
  }, [title]);
  return (
    <div className="page-heading">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
