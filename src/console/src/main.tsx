// The web console (README → Console and API → Web console): a login, then one page per hash route
// (pages/index.ts). Every call goes to the admin API of the server that served these files.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { whenUnauthorized } from './api';
import { Login } from './login';
import { pageAt, PAGES } from './pages/index';
import { session } from './session';
import './style.css';

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => setHash(location.hash);
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return hash;
}

function App() {
  const [loggedIn, setLoggedIn] = useState(session.token() !== undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const hash = useHash();
  useEffect(
    () =>
      whenUnauthorized((why) => {
        session.forget();
        setMessage(`logged out: ${why}`);
        setLoggedIn(false);
      }),
    [],
  );
  if (!loggedIn) return <Login message={message} onIn={() => setLoggedIn(true)} />;
  const current = pageAt(hash);
  return (
    <div class="shell">
      <header>
        <h1>firebridge</h1>
        <nav>
          {PAGES.map((p) => (
            <a key={p.path} href={`#/${p.path}`} class={p === current ? 'current' : undefined} aria-current={p === current ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
        </nav>
        <button
          class="logout"
          onClick={() => {
            session.forget();
            setMessage(undefined);
            setLoggedIn(false);
          }}
        >
          Log out
        </button>
      </header>
      <main>
        <current.Page key={current.path} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
