// The one failure the store names for its callers: it could not answer — down, unreachable, slower
// than its budget, or refusing writes for now. What to do then is policy (redis.failurePolicy, the
// accounting journal), made above the store. Any other error out of the store is a defect, and
// callers must not mistake it for an outage (a bug journalled as one would hide for as long as it lasts).

export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';

  /** `cause`: what the store met (the ioredis error), with its own stack. */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
  }

  /** The outage `cause` stands for, under its own message (as logged before there was a type for it). */
  static of(cause: Error): StoreUnavailableError {
    return new StoreUnavailableError(cause.message, { cause });
  }
}
