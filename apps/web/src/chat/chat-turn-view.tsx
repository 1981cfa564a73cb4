import { ErrorNotice } from '../errors/error-notice.tsx';
import { AnswerText } from './answer-text.tsx';
import type { ChatTurn } from './conversation.ts';
import { FeedbackControls } from './feedback-controls.tsx';

/** One question and its answer: the text with citations, what answered it, its sources and feedback. */
export function ChatTurnView({
  turn,
  phoenixUrl,
  onCite,
  onFeedback,
  onAskAgain,
}: {
  turn: ChatTurn;
  /** Phoenix's UI, for the "View trace" link; null hides it. */
  phoenixUrl: string | null;
  onCite: (n: number) => void;
  onFeedback: (feedback: NonNullable<ChatTurn['feedback']>) => void;
  /** Asks the failed question again; null while another answer streams. */
  onAskAgain: (() => void) | null;
}) {
  const citations = turn.meta?.citations ?? [];
  const waiting = turn.status === 'streaming' && turn.answer.length === 0;
  return (
    <li className="turn">
      <div className="question">
        <span className="visually-hidden">You asked: </span>
        {turn.question}
      </div>
      <article className="answer" aria-label={`Answer to: ${turn.question}`} aria-busy={turn.status === 'streaming'}>
        {waiting && <p className="muted">Searching {turn.kb ?? 'the knowledge base'}…</p>}
        {turn.answer && <AnswerText answer={turn.answer} citations={citations} onCite={onCite} />}
        {turn.status === 'stopped' && <p className="muted">Stopped.</p>}
        {turn.error && <ErrorNotice error={turn.error} />}
        {turn.status === 'failed' && onAskAgain && (
          <button type="button" className="button-quiet" onClick={onAskAgain}>
            Ask again
          </button>
        )}
        {turn.meta && (
          <p className="answered-by">
            answered by {turn.meta.kb}@{turn.meta.indexVersion} · {turn.meta.model}
            {phoenixUrl && turn.status === 'done' && (
              <>
                {' · '}
                <a
                  href={`${phoenixUrl.replace(/\/+$/, '')}/redirects/traces/${encodeURIComponent(turn.meta.traceId)}`}
                  target="_blank"
                  rel="noopener noreferrer"
                >
                  View trace
                </a>
              </>
            )}
          </p>
        )}
        {citations.length > 0 && (
          <div className="sources">
            <h3 className="sources-heading">Sources</h3>
            <ol className="source-list">
              {citations.map((citation) => (
                <li key={citation.n}>
                  <button type="button" className="source-button" onClick={() => onCite(citation.n)}>
                    <span className="source-number">[{citation.n}]</span> {citation.title || citation.docId}{' '}
                    <span className="muted">{citation.docId}</span>
                  </button>
                </li>
              ))}
            </ol>
          </div>
        )}
        {turn.status === 'done' && turn.meta && (
          <FeedbackControls traceId={turn.meta.traceId} recorded={turn.feedback} onRecorded={onFeedback} />
        )}
      </article>
    </li>
  );
}
