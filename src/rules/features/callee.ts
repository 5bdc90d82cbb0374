// The subscriber a call is for, found by the dialled number (store: the number index), with its call
// features: the `callee` fact of the rules (facts.ts), read only by rules that use it.
import type { CallFeatures } from './call-features.js';

export interface Callee {
  readonly number: string;
  readonly username: string;
  readonly realm: string;
  readonly features: CallFeatures;
}
