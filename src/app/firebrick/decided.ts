import type { Decision } from '../../firebrick/decision.js';
import type { Subscriber } from '../../store/index.js';

/** What the steps of an Access-Request decided, before it is written for the client (encode-reply.ts). */
export interface Decided {
  readonly decision: Decision;
  /** Named in the request's log line. */
  readonly subscriber?: Subscriber;
  /** Extra fields for the request's log line. */
  readonly log?: Record<string, unknown>;
}
