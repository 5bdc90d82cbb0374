// Duplicate detection and reply cache (RFC 5080 §2.2.2, spec §8.7): same receiving socket, client
// address and port, Identifier and Request Authenticator within the window. A valid duplicate gets
// the cached reply re-sent without re-processing; a duplicate of a request still in flight is dropped;
// a new authenticator under the same key replaces the entry.
export type DuplicateVerdict =
  | { readonly kind: 'new' }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'replay'; readonly reply: Buffer };

interface Entry {
  authenticator: Buffer;
  /** undefined while in flight. */
  reply: Buffer | undefined;
  expiresAt: number;
}

export interface DuplicateCacheOptions {
  /** How long a reply is kept, in milliseconds (RFC 5080: 5–30 s). */
  readonly windowMs: number;
  /** Upper bound on entries, so a flood cannot exhaust memory. */
  readonly maxEntries: number;
}

export class DuplicateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly options: DuplicateCacheOptions,
    private readonly now: () => number = Date.now,
  ) {}

  static key(localPort: number, address: string, port: number, identifier: number): string {
    return `${localPort}|${address}|${port}|${identifier}`;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Looks the request up and, when it is new, marks it in flight. */
  begin(key: string, authenticator: Buffer): DuplicateVerdict {
    const now = this.now();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now && entry.authenticator.equals(authenticator)) {
      if (entry.reply === undefined) return { kind: 'in-flight' };
      return { kind: 'replay', reply: entry.reply };
    }
    if (entry) this.entries.delete(key);
    this.evict(now);
    this.entries.set(key, {
      authenticator: Buffer.from(authenticator),
      reply: undefined,
      expiresAt: now + this.options.windowMs,
    });
    return { kind: 'new' };
  }

  complete(key: string, authenticator: Buffer, reply: Buffer): void {
    const entry = this.entries.get(key);
    if (!entry || !entry.authenticator.equals(authenticator)) return;
    entry.reply = reply;
    entry.expiresAt = this.now() + this.options.windowMs;
    // Re-insert so Map order stays expiry order for eviction.
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  /**
   * Forgets a request that was answered with silence, so its retransmission is processed again
   * (accounting that could not be stored must be retried: RFC 2866 §2).
   */
  forget(key: string, authenticator: Buffer): void {
    const entry = this.entries.get(key);
    if (entry && entry.authenticator.equals(authenticator)) this.entries.delete(key);
  }

  private evict(now: number): void {
    // Map iteration order is insertion order, which (with re-insert on complete) is expiry order.
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
