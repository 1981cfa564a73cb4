import { useApi, useApiKey } from '../api/api-context.tsx';

/** "Sign out": forgets the kept API key. Shown only while a key is kept. */
export function SignOutButton() {
  const { keys } = useApi();
  const { key } = useApiKey();
  if (!key) return null;
  return (
    <button type="button" className="button-quiet" onClick={() => keys.forget()}>
      Sign out
    </button>
  );
}
