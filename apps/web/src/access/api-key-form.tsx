import { useId, useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context.tsx';

/** Asks for the API key when the API answered 401; keeps it for this browser session. */
export function ApiKeyForm() {
  const { keys } = useApi();
  const [key, setKey] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim()) keys.save(key);
  };
  return (
    <section className="card key-form" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Sign in with an API key</h2>
      <p id={`${id}-hint`}>
        This ragship API needs a key. It is kept for this browser session only and sent with every request.
      </p>
      <form onSubmit={submit} className="stacked-form">
        <label htmlFor={`${id}-key`}>API key</label>
        <input
          id={`${id}-key`}
          type="password"
          // The form appears because a key is needed now: typing it is the only thing to do.
          autoFocus
          autoComplete="off"
          spellCheck={false}
          required
          aria-describedby={`${id}-hint`}
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        <button type="submit" className="button-primary">
          Sign in
        </button>
      </form>
    </section>
  );
}
