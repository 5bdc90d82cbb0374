// Live trace (GET /api/trace?number=…, Server-Sent Events): each request the servers answer for a
// number as it happens — the client, the code, the rule trace, the reply and how long it took.
import { useEffect, useRef, useState } from 'preact/hooks';
import { query, request } from '../api';
import { readEvents } from '../parts/events';
import { Failure } from '../parts/failure';
import { compact, when } from '../parts/format';
import type { TraceEvent } from '../types';

const KEEP = 200;

export function TracePage() {
  const [number, setNumber] = useState('');
  const [events, setEvents] = useState<TraceEvent[]>([]);
  const [error, setError] = useState<unknown>(undefined);
  const [watching, setWatching] = useState<string | undefined>(undefined);
  const stop = useRef<AbortController | undefined>(undefined);

  useEffect(() => () => stop.current?.abort(), []);

  const start = async () => {
    stop.current?.abort();
    const abort = new AbortController();
    stop.current = abort;
    setError(undefined);
    setEvents([]);
    setWatching(number.trim());
    try {
      const res = await request('GET', `/api/trace${query({ number: number.trim() })}`, { signal: abort.signal });
      await readEvents(res.body!, (data) => {
        try {
          const event = JSON.parse(data) as TraceEvent;
          setEvents((es) => [event, ...es].slice(0, KEEP));
        } catch {
          // A keep-alive or a line this console does not know: nothing to show.
        }
      });
    } catch (e) {
      if (!abort.signal.aborted) setError(e);
    } finally {
      if (stop.current === abort) setWatching(undefined);
    }
  };

  return (
    <section>
      <h2>Live trace</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <label>
          Number <input name="number" value={number} placeholder="201 (empty: every request)" onInput={(e) => setNumber(e.currentTarget.value)} />
        </label>
        <button type="submit">{watching === undefined ? 'Watch' : 'Restart'}</button>
        <button type="button" disabled={watching === undefined} onClick={() => stop.current?.abort()}>
          Stop
        </button>
      </form>
      <Failure error={error} />
      {watching !== undefined && <p class="hint">Watching {watching || 'every request'}; newest first.</p>}
      <ol class="events">
        {events.map((e, i) => (
          <li key={`${e.at}/${i}`}>
            <details>
              <summary>
                {when(e.at)} · {e.instance} · {e.client} · <strong>{e.code}</strong> · {e.ms} ms
              </summary>
              <dl class="facts">
                <dt>Request</dt>
                <dd>
                  <code>{compact(e.request)}</code>
                </dd>
                <dt>Trace</dt>
                <dd>
                  <code>{compact(e.trace)}</code>
                </dd>
                <dt>Reply</dt>
                <dd>
                  <code>{compact(e.reply)}</code>
                </dd>
              </dl>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
