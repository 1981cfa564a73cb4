import type { VersionDiff } from '@ragship/server';
import { useDiffQuery } from './console-queries.ts';
import { DocumentDiffView } from './document-diff-view.tsx';
import { QueryState } from './query-state.tsx';
import { SourceChangeView } from './source-facts.tsx';

/** The diff's three lists, in the order shown. */
const DIFF_KINDS = [
  { kind: 'added', title: 'Added' },
  { kind: 'changed', title: 'Changed' },
  { kind: 'removed', title: 'Removed' },
] as const;

/** The documents added, changed and removed from `from` to `to`; selecting one shows its chunks on both sides. */
export function VersionDiffView({
  kb,
  from,
  to,
  selectedDoc,
  onSelectDoc,
}: {
  kb: string;
  from: string;
  to: string;
  selectedDoc: string | null;
  onSelectDoc: (docId: string) => void;
}) {
  const diff = useDiffQuery(kb, from, to);
  return (
    <section aria-labelledby="diff-heading" className="diff">
      <h2 id="diff-heading">
        Changes from {from} to {to}
      </h2>
      <QueryState query={diff} label="the diff">
        {(data) => (
          <>
            <p>
              {data.added.length} added, {data.changed.length} changed, {data.removed.length} removed,{' '}
              {data.unchanged.toLocaleString()} unchanged.
            </p>
            {data.source && <SourceChangeView change={data.source} />}
            <div className="diff-lists">
              {DIFF_KINDS.map(({ kind, title }) => (
                <DocumentList
                  key={kind}
                  title={title}
                  kind={kind}
                  docIds={data[kind]}
                  selected={selectedDoc}
                  onSelect={onSelectDoc}
                />
              ))}
            </div>
            {selectedDoc && <DocumentDiffView kb={kb} from={from} to={to} docId={selectedDoc} />}
          </>
        )}
      </QueryState>
    </section>
  );
}

function DocumentList({
  title,
  kind,
  docIds,
  selected,
  onSelect,
}: {
  title: string;
  kind: keyof Pick<VersionDiff, 'added' | 'changed' | 'removed'>;
  docIds: readonly string[];
  selected: string | null;
  onSelect: (docId: string) => void;
}) {
  return (
    <div className={`diff-list diff-${kind}`}>
      <h3>
        {title} ({docIds.length})
      </h3>
      {docIds.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul>
          {docIds.map((docId) => (
            <li key={docId}>
              <button
                type="button"
                className="link-button"
                aria-pressed={docId === selected}
                onClick={() => onSelect(docId)}
              >
                {docId}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
