// Registration state (issue 4): who is registered where. The rule engine reads it through the
// query half of this interface. Expired bindings are never reported, whether or not anything has
// swept them, and keys expire with their last binding so churn does not grow the store.
import type { Binding } from '../firebrick/registration.js';

export type RegisterResult =
  | { readonly kind: 'registered'; readonly bindings: number }
  | { readonly kind: 'unregistered'; readonly bindings: number }
  | { readonly kind: 'over-limit'; readonly bindings: number };

export interface RegistrationQueries {
  isRegistered(number: string): Promise<boolean>;
  bindings(number: string): Promise<Binding[]>;
  count(number: string): Promise<number>;
}

export interface RegistrationStore extends RegistrationQueries {
  /**
   * Adds or refreshes a binding atomically. `maxForSubscriber` (0 = no limit) counts the live bindings
   * of the same subscriber under this number; a new binding beyond it is refused.
   */
  register(binding: Binding, maxForSubscriber: number): Promise<RegisterResult>;
  unregister(number: string, bindingId: string): Promise<RegisterResult>;
  /** Every number with live bindings. */
  numbers(): Promise<string[]>;
  flush(number: string): Promise<number>;
}
