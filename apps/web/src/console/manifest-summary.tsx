import { useState } from 'react';
import type { VersionDetail } from '@ragship/server';
import { SourceFact } from './source-facts.tsx';

type Manifest = NonNullable<VersionDetail['manifest']>;

/** A manifest's essentials (chunking, embedder, pipeline, digest, counts, source, segments) and, on request, its raw JSON. */
export function ManifestSummary({ manifest }: { manifest: Manifest }) {
  const [showRaw, setShowRaw] = useState(false);
  return (
    <section aria-labelledby="manifest-heading">
      <h2 id="manifest-heading">Manifest</h2>
      <dl className="facts facts-wide">
        <dt>Chunking</dt>
        <dd>
          {manifest.chunking.splitter}, size {manifest.chunking.size}, overlap {manifest.chunking.overlap}
        </dd>
        <dt>Embedder</dt>
        <dd>
          <code>{manifest.embedder.id}</code> ({manifest.embedder.dimensions} dimensions)
        </dd>
        <dt>Pipeline version</dt>
        <dd>
          <code>{manifest.pipelineVersion}</code>
        </dd>
        <dt>Digest</dt>
        <dd>
          <code className="break-all">{manifest.digest}</code>
        </dd>
        <dt>Counts</dt>
        <dd>
          {manifest.counts.documents.toLocaleString()} documents, {manifest.counts.chunks.toLocaleString()} chunks,{' '}
          {manifest.counts.rejected.toLocaleString()} rejected
        </dd>
        {manifest.source && (
          <>
            <dt>Source</dt>
            <dd>
              <SourceFact source={manifest.source} />
            </dd>
          </>
        )}
        {manifest.builtIn && (
          <>
            <dt>Built in</dt>
            <dd>{manifest.builtIn.environment}</dd>
          </>
        )}
      </dl>
      <table className="data-table">
        <caption>Segments (base first, then deltas)</caption>
        <thead>
          <tr>
            <th scope="col">Segment</th>
            <th scope="col">Chunks</th>
            <th scope="col">Tombstones</th>
          </tr>
        </thead>
        <tbody>
          {manifest.segments.map((segment) => (
            <tr key={segment.name}>
              <th scope="row">
                <code>{segment.name}</code>
              </th>
              <td>{segment.chunks.toLocaleString()}</td>
              <td>{segment.tombstones.length.toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details onToggle={(event) => setShowRaw(event.currentTarget.open)}>
        <summary>Raw manifest JSON</summary>
        {/* Rendered only when opened: a manifest lists every document and can be large. */}
        {showRaw && <pre className="raw-json">{JSON.stringify(manifest, null, 2)}</pre>}
      </details>
    </section>
  );
}
