import { useEffect, useId, useMemo, useRef } from 'react';
import type { ChatCitation, ChatMeta } from '../api/chat-contract.ts';
import { HighlightedText } from './highlighted-text.tsx';
import { quotedRanges } from './quoted-sentence.ts';

/**
 * The side panel of one citation: the cited chunk's whole text with the answer's quoted
 * sentence marked, and where it comes from (title, source, document, score, kb@version).
 */
export function CitationPanel({
  citation,
  answer,
  meta,
  onClose,
}: {
  citation: ChatCitation;
  /** The answer citing it, to find the quoted sentence. */
  answer: string;
  meta: ChatMeta;
  onClose: () => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const passage = useRef<HTMLDivElement>(null);
  const { text } = citation;
  const ranges = useMemo(() => quotedRanges(text, answer, citation.n), [text, answer, citation.n]);

  // Closing the panel gives focus back to the citation that opened it.
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return () => opener?.focus();
  }, []);

  useEffect(() => {
    heading.current?.focus();
    // jsdom has no scrollIntoView.
    passage.current?.querySelector('mark')?.scrollIntoView?.({ block: 'center' });
  }, [citation]);

  return (
    <aside
      className="citation-panel"
      aria-label="Citation"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="citation-panel-header">
        <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
          Citation {citation.n}
        </h2>
        <button type="button" className="button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="citation-title">{citation.title || citation.docId}</p>
      <dl className="facts">
        <dt>Source</dt>
        <dd>{citation.source}</dd>
        <dt>Document</dt>
        <dd>
          <code>{citation.docId}</code>
        </dd>
        <dt>Score</dt>
        <dd>{citation.score.toFixed(3)}</dd>
        <dt>Version</dt>
        <dd>
          {meta.kb}@{meta.indexVersion}
        </dd>
      </dl>
      <h3>Cited passage</h3>
      {ranges.length === 0 && <p className="muted">The answer&apos;s sentence could not be found in this passage.</p>}
      {citation.text === undefined && <p className="muted">Only the start of the passage is available.</p>}
      <div className="chunk-text" ref={passage}>
        <HighlightedText text={text} ranges={ranges} />
      </div>
    </aside>
  );
}
