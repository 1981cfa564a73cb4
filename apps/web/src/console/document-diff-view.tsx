import type { DocumentDiff } from '@ragship/server';
import { useDocumentDiffQuery } from './console-queries.ts';
import { QueryState } from './query-state.tsx';

type DiffChunk = DocumentDiff['before'][number];

/** One document's chunks before and after, side by side; chunks only one side has are marked. */
export function DocumentDiffView({ kb, from, to, docId }: { kb: string; from: string; to: string; docId: string }) {
  const diff = useDocumentDiffQuery(kb, from, to, docId);
  return (
    <section aria-labelledby="document-diff-heading" className="document-diff">
      <h3 id="document-diff-heading">
        <code>{docId}</code>: chunks in {from} and {to}
      </h3>
      <QueryState query={diff} label="the document's chunks">
        {(data) => {
          const beforeIds = new Set(data.before.map((chunk) => chunk.chunkId));
          const afterIds = new Set(data.after.map((chunk) => chunk.chunkId));
          return (
            <div className="side-by-side">
              <ChunkColumn
                title={`Before (${data.from})`}
                chunks={data.before}
                other={afterIds}
                onlyLabel={`only in ${data.from}`}
              />
              <ChunkColumn
                title={`After (${data.to})`}
                chunks={data.after}
                other={beforeIds}
                onlyLabel={`only in ${data.to}`}
              />
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}

function ChunkColumn({
  title,
  chunks,
  other,
  onlyLabel,
}: {
  title: string;
  chunks: readonly DiffChunk[];
  /** The chunk ids of the other side. */
  other: ReadonlySet<string>;
  onlyLabel: string;
}) {
  return (
    <div className="chunk-column">
      <h4>{title}</h4>
      {chunks.length === 0 ? (
        <p className="muted">Not in this version.</p>
      ) : (
        <ol className="chunk-list">
          {chunks.map((chunk) => {
            const only = !other.has(chunk.chunkId);
            return (
              <li key={chunk.chunkId} className={only ? 'chunk chunk-only' : 'chunk'}>
                <p className="chunk-id">
                  <code>{chunk.chunkId}</code>
                  {only && <span className="only-badge">{onlyLabel}</span>}
                </p>
                <p className="chunk-body">{chunk.text}</p>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
