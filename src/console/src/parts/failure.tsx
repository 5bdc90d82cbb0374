// How a page shows a refusal: a 403 says which role the action needs, a route the server lacks says
// the page is not available there, anything else the API's message and each problem it named.
import { ApiFailure } from '../api';

export function roleNeeded(f: ApiFailure): string {
  return /needs the ([\w-]+) role/.exec(f.message)?.[1] ?? 'operator';
}

export function Failure({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  if (!(error instanceof ApiFailure)) return <p class="failure">{error instanceof Error ? error.message : String(error)}</p>;
  if (error.status === 401) return null; // main.tsx shows the login
  if (error.status === 403) return <p class="failure forbidden">needs the {roleNeeded(error)} role ({error.message})</p>;
  if (error.routeMissing) return <p class="failure missing">not available on this server ({error.message})</p>;
  return (
    <div class="failure" role="alert">
      <p>{error.message}</p>
      {error.problems.length > 0 && (
        <ul class="problems">
          {error.problems.map((p) => (
            <li key={`${p.path}:${p.message}`}>
              <strong>{p.path}</strong>: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A done action's outcome, or its failure. */
export type Outcome = { ok: true; message: string } | { ok: false; error: unknown } | undefined;

export function OutcomeLine({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <p class="outcome" role="status">
      {outcome.message}
    </p>
  ) : (
    <Failure error={outcome.error} />
  );
}

/** Runs an action and turns its result or failure into an Outcome. */
export async function outcomeOf(action: () => Promise<string>): Promise<Outcome> {
  try {
    return { ok: true, message: await action() };
  } catch (error) {
    return { ok: false, error };
  }
}
