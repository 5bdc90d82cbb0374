// What the wire core counts. The server reports into this interface; the metrics module backs it
// with Prometheus counters, tests read the in-memory one.
export type DropReason =
  | 'unknown-client'
  | 'malformed'
  | 'unexpected-code'
  | 'bad-authenticator'
  | 'bad-message-authenticator'
  | 'missing-message-authenticator'
  | 'duplicate-in-flight'
  | 'handler-error'
  | 'reply-encoding-error';

export interface RadiusStats {
  dropped(reason: DropReason, client: string | undefined): void;
  duplicateReplayed(client: string): void;
  answered(client: string, requestCode: number, replyCode: number | 'none', outcome: string, seconds: number): void;
}

/** Plain counters, also what `firebridge` prints on shutdown. */
export class CountingStats implements RadiusStats {
  readonly drops = new Map<DropReason, number>();
  readonly replies = new Map<string, number>();
  duplicates = 0;

  dropped(reason: DropReason): void {
    this.drops.set(reason, (this.drops.get(reason) ?? 0) + 1);
  }

  duplicateReplayed(): void {
    this.duplicates++;
  }

  answered(_client: string, _requestCode: number, replyCode: number | 'none', outcome: string): void {
    const key = `${replyCode}:${outcome}`;
    this.replies.set(key, (this.replies.get(key) ?? 0) + 1);
  }

  dropCount(reason: DropReason): number {
    return this.drops.get(reason) ?? 0;
  }
}

/** Fans one report out to several sinks (counting for shutdown summary, Prometheus for scraping). */
export function combineStats(...sinks: RadiusStats[]): RadiusStats {
  return {
    dropped: (reason, client) => sinks.forEach((s) => s.dropped(reason, client)),
    duplicateReplayed: (client) => sinks.forEach((s) => s.duplicateReplayed(client)),
    answered: (client, code, reply, outcome, seconds) =>
      sinks.forEach((s) => s.answered(client, code, reply, outcome, seconds)),
  };
}
