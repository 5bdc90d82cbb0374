// Duplicate detection and reply cache (RFC 5080 §2.2.2, spec §8.7): same receiving socket, client
// address and port, Identifier and Request Authenticator within the window. A valid duplicate gets
// the cached reply re-sent without re-processing; a duplicate of a request still in flight is dropped;
// a new authenticator under the same key replaces the entry.
//
// Every request passes through here, and at saturation the cache holds the last window's requests
// (tens of thousands), so what an entry keeps is what the young generation must copy and promote for
// every request: its cost is the collector's (bench/steps.md, step 14). An entry is one object, the
// authenticator as a 16-character latin1 string (compared with ===) and the reply as it was sent. It
// is found by the receiving port, then the client address (a few of each), then a number made of the
// source port and Identifier: no key string is built, hashed and kept per request. begin() hands back
// the entry, and complete() and forget() settle it with no lookup; expiry counts in milliseconds from
// the cache's start, a small integer rather than a boxed double.

/** The requests of one client address on one receiving port, by (source port × 256 + Identifier). */
class Peer {
  readonly requests = new Map<number, PendingRequest>();
  constructor(
    readonly localPort: number,
    readonly address: string,
  ) {}
}

/** A request being answered: what begin() returned for a new one. */
export class PendingRequest {
  readonly kind = 'new';
  /** undefined while in flight. */
  reply: Buffer | undefined = undefined;
  /** Taken out of the cache (forgotten, replaced, or evicted): settling it changes nothing. */
  gone = false;

  constructor(
    readonly peer: Peer,
    readonly sourceKey: number,
    readonly authenticator: string,
    /** Milliseconds from the cache's start. */
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

/** The queue is compacted once this many of its head are settled and gone. */
const COMPACT_AFTER = 4096;

export class DuplicateCache {
  /** receiving port → client address → its requests. */
  private readonly byPort = new Map<number, Map<string, Peer>>();
  /** Entries in the order they began, for eviction; from `head` on, some already gone. */
  private queue: PendingRequest[] = [];
  private head = 0;
  private entries = 0;
  private readonly epoch: number;

  constructor(
    private readonly options: DuplicateCacheOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.epoch = now();
  }

  get size(): number {
    return this.entries;
  }

  /**
   * Looks the request up (received on `localPort` from `address`:`port`, with this Identifier and
   * Request Authenticator) and, when it is new, marks it in flight.
   */
  begin(localPort: number, address: string, port: number, identifier: number, authenticator: Buffer): DuplicateVerdict {
    const now = this.now() - this.epoch;
    const seen = authenticator.toString('latin1');
    const sourceKey = port * 256 + identifier;
    const entry = this.byPort.get(localPort)?.get(address)?.requests.get(sourceKey);
    if (entry && entry.expiresAt > now && entry.authenticator === seen) {
      return entry.reply === undefined ? IN_FLIGHT : { kind: 'replay', reply: entry.reply };
    }
    if (entry) this.remove(entry);
    this.evict(now);
    // After the removals: one that emptied this address's map took the map out of the cache.
    const peer = this.peerOf(localPort, address);
    const pending = new PendingRequest(peer, sourceKey, seen, now + this.options.windowMs);
    peer.requests.set(sourceKey, pending);
    this.queue.push(pending);
    this.entries++;
    return pending;
  }

  /** The request was answered with `reply`: its retransmissions get that, for the window from now. */
  complete(request: PendingRequest, reply: Buffer): void {
    if (request.gone) return;
    request.reply = reply;
    request.expiresAt = this.now() - this.epoch + this.options.windowMs;
  }

  /**
   * Forgets a request that was answered with silence, so its retransmission is processed again
   * (accounting that could not be stored must be retried: RFC 2866 §2).
   */
  forget(request: PendingRequest): void {
    if (!request.gone) this.remove(request);
  }

  private peerOf(localPort: number, address: string): Peer {
    let byAddress = this.byPort.get(localPort);
    if (!byAddress) this.byPort.set(localPort, (byAddress = new Map()));
    let peer = byAddress.get(address);
    if (!peer) byAddress.set(address, (peer = new Peer(localPort, address)));
    return peer;
  }

  private remove(entry: PendingRequest): void {
    entry.gone = true;
    const peer = entry.peer;
    peer.requests.delete(entry.sourceKey);
    this.entries--;
    // A client may be a whole network: an address with nothing in the window is not kept.
    if (peer.requests.size === 0) this.byPort.get(peer.localPort)?.delete(peer.address);
  }

  private evict(now: number): void {
    // The queue is the order requests began, close to expiry order (an entry's window runs from its
    // completion, a moment later): an entry left behind an unexpired one is still refused by begin()
    // once expired, and goes when the ones before it do or when the cache is full.
    const queue = this.queue;
    while (this.head < queue.length) {
      const entry = queue[this.head]!;
      if (!entry.gone) {
        if (entry.expiresAt > now && this.entries < this.options.maxEntries) break;
        this.remove(entry);
      }
      queue[this.head++] = undefined as never;
    }
    if (this.head >= COMPACT_AFTER && this.head * 2 >= queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }
}
