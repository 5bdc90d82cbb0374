// A subscriber: who may use the FireBrick, with what credentials and limits (issue 3), and its own
// call features (issue 18).
import type { CallFeatures } from '../rules/features/call-features.js';
import type { Callee } from '../rules/features/callee.js';

export type { CallFeatures, Callee };
export type HashAlgorithmName = 'MD5' | 'SHA-256' | 'SHA-512-256';

export interface Subscriber {
  readonly username: string;
  readonly realm: string;
  /** H(username:realm:password) per hash algorithm, lower-case hex; never the password unless insisted. */
  readonly ha1: Readonly<Partial<Record<HashAlgorithmName, string>>>;
  /** Stored only when the operator insists (`--store-plaintext`): lets any algorithm be verified. */
  readonly password?: string;
  /** The number the subscriber registers as (tel:<number>). */
  readonly number?: string;
  readonly cui?: string;
  readonly enabled: boolean;
  readonly maxRegistrations?: number;
  readonly maxCalls?: number;
  /**
   * Numbers besides `number` the subscriber may present as its caller ID (the CLI policy,
   * rules/cli-policy/): a company's main number, a DID it answers.
   */
  readonly present?: readonly string[];
  /** Longest an answered call of this subscriber may last, seconds (README → Call duration limits). */
  readonly maxDuration?: number;
  /** Forwarding, do-not-disturb, follow-me, simultaneous ring (README → Call features); absent: none. */
  readonly features?: CallFeatures;
}

export interface SubscriberStore {
  get(realm: string, username: string): Promise<Subscriber | undefined>;
  getByCui(cui: string): Promise<Subscriber | undefined>;
  /**
   * The subscriber whose `number` this is, with its call features, in one round trip: the INVITE
   * path asks it for a rule that reads the callee (the number index keeps a copy of the features).
   */
  callee(number: string): Promise<Callee | undefined>;
  /** Creates or replaces. */
  put(subscriber: Subscriber): Promise<void>;
  delete(realm: string, username: string): Promise<boolean>;
  list(): Promise<Subscriber[]>;
}
