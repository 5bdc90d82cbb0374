// Every call to the admin API (README → Console and API): the token as `Authorization: Bearer`, and
// the API's one error shape `{error, message, problems?}` turned into an ApiFailure. A 401 means the
// token is no longer good: the console forgets it and shows the login with the API's message.
import { session } from './session';

export interface ApiProblem {
  readonly path: string;
  readonly message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly problems: readonly ApiProblem[] = [],
  ) {
    super(message);
  }

  /** The server has no such route (an older or smaller firebridge): the page says so instead of failing. */
  get routeMissing(): boolean {
    return this.status === 404 && this.error === 'not-found' && this.message.startsWith('no route');
  }
}

type Unauthorized = (message: string) => void;
let onUnauthorized: Unauthorized = () => undefined;

/** Called with the API's message whenever a call is answered 401 (main.tsx: back to the login). */
export function whenUnauthorized(handler: Unauthorized): void {
  onUnauthorized = handler;
}

export interface CallOptions {
  readonly body?: unknown;
  /** A body sent as it is (a CSV file), with its content type. */
  readonly raw?: { readonly text: string; readonly type: string };
  /** A token other than the session's (the login tries one before keeping it). */
  readonly token?: string;
  readonly signal?: AbortSignal;
}

export async function request(method: string, path: string, o: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = o.token ?? session.token();
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (o.raw) {
    body = o.raw.text;
    headers['content-type'] = o.raw.type;
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(path, { method, headers, ...(body !== undefined ? { body } : {}), ...(o.signal ? { signal: o.signal } : {}) });
  if (res.ok) return res;
  const failure = await failureOf(res);
  if (res.status === 401 && o.token === undefined) onUnauthorized(failure.message);
  throw failure;
}

async function failureOf(res: Response): Promise<ApiFailure> {
  const text = await res.text();
  try {
    const e = JSON.parse(text) as { error?: string; message?: string; problems?: ApiProblem[] };
    return new ApiFailure(res.status, e.error ?? `http-${res.status}`, e.message ?? res.statusText, e.problems ?? []);
  } catch {
    return new ApiFailure(res.status, `http-${res.status}`, text.trim() || res.statusText);
  }
}

/** A call answered with JSON (or nothing: 204). */
export async function call<T>(method: string, path: string, o: CallOptions = {}): Promise<T> {
  const res = await request(method, path, o);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, o: CallOptions = {}): Promise<T> => call<T>('GET', path, o);

/** `?a=1&b=2` of the values given (empty ones left out), or ''. */
export function query(values: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
