// What a request is about, for the live trace's filters (README → Live trace): its numbers (called,
// calling, and — once known — the caller's subscriber number), its users (User-Name, Digest-Username,
// the subscriber), and the FireBrick it came through (client name, NAS-Identifier). Pure.
import { Attr, type AttributeReader } from '../../radius/index.js';
import type { TraceFilter, TraceWatcher } from '../../store/index.js';

export interface TraceSubject {
  readonly numbers: readonly (string | undefined)[];
  readonly users: readonly (string | undefined)[];
  readonly firebricks: readonly (string | undefined)[];
}

export function requestSubject(a: AttributeReader, client: string): TraceSubject {
  return {
    numbers: [a.text(Attr.CalledStationId), a.text(Attr.CallingStationId)],
    users: [a.text(Attr.UserName), a.text(Attr.DigestUsername)],
    firebricks: [client, a.text(Attr.NasIdentifier)],
  };
}

export function filterMatches(filter: TraceFilter, subject: TraceSubject): boolean {
  switch (filter.kind) {
    case 'number':
      return subject.numbers.includes(filter.value);
    case 'user':
      return subject.users.includes(filter.value);
    case 'firebrick':
      return subject.firebricks.includes(filter.value);
  }
}

/** The watchers among `watchers` whose filter `subject` matches. */
export function watchersOf(watchers: readonly TraceWatcher[], subject: TraceSubject): TraceWatcher[] {
  return watchers.filter((w) => filterMatches(w.filter, subject));
}
