import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { FeedbackRequest } from '../api/chat-contract.ts';
import { describeError, type ErrorDescription } from '../errors/describe-error.ts';
import { ErrorNotice } from '../errors/error-notice.tsx';
import type { ChatTurn } from './conversation.ts';
import { ThumbIcon } from './thumb-icon.tsx';

/**
 * "Helpful" / "Not helpful" for one answer: helpful is sent at once; not helpful first asks for
 * an optional reason. Sends `POST /v1/feedback` with the answer's trace id.
 */
export function FeedbackControls({
  traceId,
  recorded,
  onRecorded,
}: {
  traceId: string;
  /** The feedback already recorded for this answer, if any. */
  recorded: ChatTurn['feedback'];
  onRecorded: (feedback: NonNullable<ChatTurn['feedback']>) => void;
}) {
  const { client } = useApi();
  const id = useId();
  const [askingReason, setAskingReason] = useState(false);
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ErrorDescription | null>(null);

  if (recorded) {
    return (
      <p role="status" className="feedback-recorded">
        Thanks — feedback recorded
      </p>
    );
  }

  const send = async (rating: 1 | -1, comment?: string) => {
    const body: FeedbackRequest = { traceId, rating, ...(comment ? { comment } : {}) };
    setSending(true);
    setError(null);
    try {
      await client.post('/v1/feedback', body);
      onRecorded({ rating, ...(comment ? { comment } : {}) });
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSending(false);
    }
  };
  const submitReason = (event: FormEvent) => {
    event.preventDefault();
    void send(-1, reason.trim() || undefined);
  };

  return (
    <div className="feedback">
      <div className="feedback-buttons">
        <button type="button" className="button-quiet" disabled={sending} onClick={() => void send(1)}>
          <ThumbIcon direction="up" /> Helpful
        </button>
        <button
          type="button"
          className="button-quiet"
          aria-expanded={askingReason}
          disabled={sending}
          onClick={() => setAskingReason(true)}
        >
          <ThumbIcon direction="down" /> Not helpful
        </button>
      </div>
      {askingReason && (
        <form className="feedback-reason" onSubmit={submitReason}>
          <label htmlFor={`${id}-reason`}>Reason</label>
          <span id={`${id}-hint`} className="muted">
            Optional: what was wrong or missing?
          </span>
          <textarea
            id={`${id}-reason`}
            aria-describedby={`${id}-hint`}
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <button type="submit" className="button-primary" disabled={sending}>
            Send feedback
          </button>
        </form>
      )}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
