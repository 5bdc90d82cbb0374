// What the accounting script needs to know of a leg before it runs — its FireBrick, its caller
// identities and its Call-ID's duration limit — remembered from the leg's Start for its Interims and
// its Stop. A leg's event was two round trips (read the leg, then the script); with this it is one for
// every event after the first this process saw. A wrong memory costs nothing but the read it saved:
// the script compares the signature of the keys it is given with the leg's own and answers 'moved'
// when they differ (calls-lua.ts), and the caller then reads as before.

export interface LegKeys {
  readonly firebrick: string;
  readonly identities: readonly string[];
  readonly limit: string;
}

/** Enough for the live legs of a busy FireBrick; the oldest is forgotten first. */
const DEFAULT_MAX_LEGS = 20_000;

export class LegKeysMemo {
  // A Map keeps insertion order: its first key is the leg remembered longest ago.
  private readonly legs = new Map<string, LegKeys>();

  constructor(private readonly maxLegs = DEFAULT_MAX_LEGS) {}

  get(sessionId: string): LegKeys | undefined {
    return this.legs.get(sessionId);
  }

  remember(sessionId: string, keys: LegKeys): void {
    if (this.legs.has(sessionId)) return;
    if (this.legs.size >= this.maxLegs) this.legs.delete(this.legs.keys().next().value!);
    this.legs.set(sessionId, keys);
  }

  forget(sessionId: string): void {
    this.legs.delete(sessionId);
  }

  get size(): number {
    return this.legs.size;
  }
}
