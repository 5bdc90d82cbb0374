// The benchmark's 10,000 subscribers, derived from their index so the seeder, the load generator
// and the FreeRADIUS policy agree without sharing files.
export const REALM = 'firebridge';
export const SUBSCRIBERS = 10_000;
/** Subscribers 0..99 are the office extensions 200..299 that the example rules route (20-internal.yaml). */
export const EXTENSIONS = 100;

export interface BenchSubscriber {
  readonly index: number;
  readonly username: string;
  readonly password: string;
  readonly number: string;
}

export function subscriber(index: number): BenchSubscriber {
  const username = `u${String(index).padStart(5, '0')}`;
  return {
    index,
    username,
    password: `pw-${username}`,
    number: index < EXTENSIONS ? String(200 + index) : String(10_000 + index),
  };
}
