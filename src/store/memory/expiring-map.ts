// Map with per-entry expiry for the in-process store; expired entries are invisible and are swept
// lazily, so memory does not grow with churn.
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private operations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  remainingMs(key: string): number | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    const left = e.expiresAt - this.now();
    return left > 0 ? left : undefined;
  }

  set(key: string, value: V, ttlMs: number = Infinity): void {
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    if (++this.operations % 1024 === 0) this.sweep();
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  keys(): string[] {
    this.sweep();
    return [...this.entries.keys()];
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}
