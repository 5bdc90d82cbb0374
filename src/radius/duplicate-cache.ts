// Duplicate detection and reply cache (RFC 5080 §2.2.2, spec §8.7): same receiving socket, client
// address and port, Identifier and Request Authenticator within the window. A valid duplicate gets
// the cached reply re-sent without re-processing; a duplicate of a request still in flight is dropped;
// a new authenticator under the same key replaces the entry.
//
// Every request passes through here, and at saturation the cache holds the last window's requests
// (tens of thousands), so an entry is small and settling one costs no lookup: begin() hands back the
// entry itself, and complete() and forget() work on it. The authenticator is kept as a 16-character
// latin1 string (one flat object, compared with ===) rather than a copied Buffer.

/** A request being answered: what begin() returned for a new one. */
export class PendingRequest {
  readonly kind = 'new';
  /** undefined while in flight. */
  reply: Buffer | undefined = undefined;

  constructor(
    readonly key: string,
    readonly authenticator: string,
    public expiresAt: number,
  ) {}
}

const IN_FLIGHT = { kind: 'in-flight' } as const;

export type DuplicateVerdict = PendingRequest | typeof IN_FLIGHT | { readonly kind: 'replay'; readonly reply: Buffer };

export interface DuplicateCacheOptions {
  /** How long a reply is kept, in milliseconds (RFC 5080: 5–30 s). */
  readonly windowMs: number;
  /** Upper bound on entries, so a flood cannot exhaust memory. */
  readonly maxEntries: number;
}

export class DuplicateCache {
  private readonly entries = new Map<string, PendingRequest>();

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
    const seen = authenticator.toString('latin1');
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > now && entry.authenticator === seen) {
      return entry.reply === undefined ? IN_FLIGHT : { kind: 'replay', reply: entry.reply };
    }
    if (entry) this.entries.delete(key);
    this.evict(now);
    const pending = new PendingRequest(key, seen, now + this.options.windowMs);
    this.entries.set(key, pending);
    return pending;
  }

  /** The request was answered with `reply`: its retransmissions get that, for the window from now. */
  complete(request: PendingRequest, reply: Buffer): void {
    request.reply = reply;
    request.expiresAt = this.now() + this.options.windowMs;
  }

  /**
   * Forgets a request that was answered with silence, so its retransmission is processed again
   * (accounting that could not be stored must be retried: RFC 2866 §2).
   */
  forget(request: PendingRequest): void {
    if (this.entries.get(request.key) === request) this.entries.delete(request.key);
  }

  private evict(now: number): void {
    // Map order is the order requests began, close to expiry order (an entry's window runs from its
    // completion, a moment later): an entry left behind an unexpired one is still refused by begin()
    // once expired, and goes when the ones before it do or when the cache is full.
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size < this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
