// A subscriber: who may use the FireBrick, with what credentials and limits (issue 3).
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
}

export interface SubscriberStore {
  get(realm: string, username: string): Promise<Subscriber | undefined>;
  getByCui(cui: string): Promise<Subscriber | undefined>;
  /** Creates or replaces. */
  put(subscriber: Subscriber): Promise<void>;
  delete(realm: string, username: string): Promise<boolean>;
  list(): Promise<Subscriber[]>;
}
