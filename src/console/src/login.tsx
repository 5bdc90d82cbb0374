// The login: a token pasted once (`firebridge token add NAME --role …` makes one), tried against
// /api/status before it is kept, so a wrong one is refused here with the API's own words.
import { useState } from 'preact/hooks';
import { ApiFailure, get } from './api';
import { session } from './session';

export function Login({ message, onIn }: { message: string | undefined; onIn: () => void }) {
  const [token, setToken] = useState('');
  const [refused, setRefused] = useState<string | undefined>(message);

  const tryToken = async () => {
    const t = token.trim();
    try {
      await get('/api/status', { token: t });
      session.keep(t);
      onIn();
    } catch (e) {
      setRefused(e instanceof ApiFailure && e.status === 401 ? `token refused: ${e.message}` : e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <main class="login">
      <h1>firebridge</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void tryToken();
        }}
      >
        <label>
          API token
          <input name="token" type="password" autocomplete="off" value={token} onInput={(e) => setToken(e.currentTarget.value)} required />
        </label>
        <button type="submit">Log in</button>
      </form>
      {refused && (
        <p class="failure" role="alert">
          {refused}
        </p>
      )}
      <p class="hint">
        Make a token with <code>firebridge token add NAME --role read-only|operator|admin</code>. It is kept in this tab only.
      </p>
    </main>
  );
}
