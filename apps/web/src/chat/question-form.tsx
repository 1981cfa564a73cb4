import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';

/** The question box: Enter sends, Shift+Enter starts a new line; Stop replaces Send while an answer streams. */
export function QuestionForm({
  streaming,
  disabled,
  onAsk,
  onStop,
}: {
  streaming: boolean;
  /** No asking (e.g. until the session is read). */
  disabled?: boolean;
  onAsk: (question: string) => void;
  onStop: () => void;
}) {
  const id = useId();
  const [question, setQuestion] = useState('');
  const canSend = !streaming && !disabled && question.trim().length > 0;

  const send = () => {
    if (!canSend) return;
    onAsk(question.trim());
    setQuestion('');
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <form className="question-form" onSubmit={submit}>
      <label htmlFor={`${id}-question`} className="visually-hidden">
        Question
      </label>
      <textarea
        id={`${id}-question`}
        rows={2}
        maxLength={4000}
        placeholder="Ask a question…"
        aria-describedby={`${id}-hint`}
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        onKeyDown={keyDown}
      />
      <span id={`${id}-hint`} className="visually-hidden">
        Enter sends; Shift+Enter starts a new line.
      </span>
      {streaming ? (
        <button type="button" className="button-danger" onClick={onStop}>
          Stop
        </button>
      ) : (
        <button type="submit" className="button-primary" disabled={!canSend}>
          Send
        </button>
      )}
    </form>
  );
}
