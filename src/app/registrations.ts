// Finding registrations for operators (`firebridge regs`, the admin API): one filter, one answer.
import type { Binding } from '../firebrick/registration.js';
import type { Store } from '../store/index.js';

export interface BindingFilter {
  readonly number?: string | undefined;
  /** "user" or "realm:user". */
  readonly subscriber?: string | undefined;
  /** A client name or NAS-Identifier. */
  readonly firebrick?: string | undefined;
}

export async function findBindings(store: Pick<Store, 'registrations'>, filter: BindingFilter): Promise<Binding[]> {
  const numbers = filter.number ? [filter.number] : await store.registrations.numbers();
  const all = (await Promise.all(numbers.map((n) => store.registrations.bindings(n)))).flat();
  return all.filter(
    (b) =>
      (!filter.subscriber || b.subscriber === filter.subscriber || b.subscriber.endsWith(`:${filter.subscriber}`)) &&
      (!filter.firebrick || b.firebrick === filter.firebrick || b.nasIdentifier === filter.firebrick),
  );
}
