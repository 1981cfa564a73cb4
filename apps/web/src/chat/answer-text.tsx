import type { ChatCitation } from '../api/chat-contract.ts';
import { parseCitationMarkers } from './citation-markers.ts';

/** An answer's text with each citation marker `[n]` as a button that opens the cited passage. */
export function AnswerText({
  answer,
  citations,
  onCite,
}: {
  answer: string;
  citations: readonly ChatCitation[];
  onCite: (n: number) => void;
}) {
  const known = new Set(citations.map((citation) => citation.n));
  const parts = parseCitationMarkers(answer, (n) => known.has(n));
  return (
    <p className="answer-text">
      {parts.map((part, index) =>
        part.type === 'text' ? (
          part.text
        ) : (
          <button
            key={index}
            type="button"
            className="citation-marker"
            aria-label={`Citation ${part.n}`}
            onClick={() => onCite(part.n)}
          >
            [{part.n}]
          </button>
        ),
      )}
    </p>
  );
}
