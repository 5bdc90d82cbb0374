// What firebridge answers one FaxBack Access-Request, before it is written as attributes
// (encode-reply.ts). Attributes are named, not numbered: the decision has already left out the ones
// the dictionary cannot number (spec §8.4), and says which, for the log line.
import type { FaxbackAttributeName } from './attributes.js';

/** `User-Name` is the standard attribute (a lookup answer, spec §1.5); every other name is a FaxBack VSA. */
export type ReplyAttributeName = 'User-Name' | FaxbackAttributeName;

/**
 * Numbers for integer attributes, text for strings; UUID attributes carry 32 hex digits, written
 * in the profile's encoding by the encoder (spec §6).
 */
export type ReplyAttribute = readonly [name: ReplyAttributeName, value: string | number];

export interface FaxbackAccept {
  readonly kind: 'accept';
  /** In the order they are to be sent (User-Name is moved first by the encoder, as in the examples). */
  readonly attributes: readonly ReplyAttribute[];
  /** Short outcome for the request log and metrics, e.g. `login`, `send-disabled`, `did-not-found`. */
  readonly outcome: string;
  /** Attributes the reply would carry but cannot: unnumbered in the dictionary (spec §8.4). */
  readonly omitted: readonly FaxbackAttributeName[];
}

export interface FaxbackReject {
  readonly kind: 'reject';
  /** Sent as Reply-Message: the port server logs it (spec §2.2). */
  readonly message: string;
  /** Why, for logs and metrics (never sent). */
  readonly reason: string;
  readonly detail?: string;
}

export type FaxbackDecision = FaxbackAccept | FaxbackReject;
