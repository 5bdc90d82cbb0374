// Steady load as a FireBrick makes it: digest REGISTERs and accounting Start/Stop legs, half and
// half, at a fixed rate, each request retried the way the FireBrick's RADIUS client does (spec §7:
// exactly 5 attempts, a new Identifier each time; an accounting retry also carries Acct-Delay-Time,
// which is why it is a new packet, RFC 2866 §5.2). The load keeps its own list of everything it was
// answered: the acknowledged accounting events and the accepted registrations are what must be in
// Redis afterwards. Every answer's time is kept too, for the longest silence.
import { performance } from 'node:perf_hooks';
import { Code, sendRequest, type OutgoingAttribute } from '../../src/radius/index.js';
import { SUBSCRIBERS, subscriber } from '../subscribers.js';
import { contactOf, legAttributes, registerAttributes, type BenchLeg } from '../workloads.js';
import { HOST } from './constants.js';

/**
 * Per-attempt timeouts: the FireBrick clamps attempt n's cumulative deadline to n²·max-timeout/25
 * (spec §7); with a max-timeout of 10 s (its default could not be read) that is 0.4, 1.6, 3.6, 6.4
 * and 10 s — so 10 s of silence is all the buffering a FireBrick does before it gives a record up.
 */
export const ATTEMPT_TIMEOUTS_MS = [1, 2, 3, 4, 5].map((n) => ((n * n - (n - 1) * (n - 1)) * 10_000) / 25);

/** Legs with an even index end this long after they started; the others stay open until the read-back. */
const HOLD_MS = 2_000;

export interface LoadTarget {
  readonly authPort: number;
  readonly acctPort: number;
  readonly secret: Buffer;
}

export type AcctStatusName = 'start' | 'stop';

export interface LoadTally {
  /** Requests started (first attempts), answered, and given up after every attempt. */
  readonly sent: number;
  readonly answered: number;
  readonly gaveUp: number;
  readonly rejected: number;
  /** Acct-Session-Id → the statuses acknowledged by an Accounting-Response. */
  readonly acknowledged: ReadonlyMap<string, ReadonlySet<AcctStatusName>>;
  /** Number → Contact of every REGISTER answered Access-Accept. */
  readonly accepted: ReadonlyMap<string, string>;
  /** Longest time without any answer while the load ran, seconds, and when it began (performance.now). */
  readonly longestGapSeconds: number;
  readonly longestGapAt: number;
}

export class SteadyLoad {
  private sent = 0;
  private answered = 0;
  private gaveUp = 0;
  private rejected = 0;
  private readonly acknowledged = new Map<string, Set<AcctStatusName>>();
  private readonly accepted = new Map<string, string>();
  private readonly answerTimes: number[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly dueStops: Array<{ leg: BenchLeg; at: number }> = [];
  private legs = 0;
  private registers = 0;
  private startedAt = 0;
  private stoppedAt = 0;
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly target: LoadTarget,
    private readonly rate: number,
    /** Distinguishes this run's legs from any earlier run's. */
    private readonly tag: string,
  ) {}

  start(): void {
    this.running = true;
    this.startedAt = performance.now();
    this.loop = this.pace();
  }

  /** Stops starting requests, then waits for every retry in flight to end (≤ 10 s, the last attempt's deadline). */
  async stop(): Promise<LoadTally> {
    this.running = false;
    await this.loop;
    this.stoppedAt = performance.now();
    await Promise.all([...this.pending]);
    const gap = longestGap(this.answerTimes, this.startedAt, this.stoppedAt);
    return {
      sent: this.sent,
      answered: this.answered,
      gaveUp: this.gaveUp,
      rejected: this.rejected,
      acknowledged: this.acknowledged,
      accepted: this.accepted,
      longestGapSeconds: gap.ms / 1000,
      longestGapAt: gap.at,
    };
  }

  private async pace(): Promise<void> {
    while (this.running) {
      const due = Math.floor(((performance.now() - this.startedAt) / 1000) * this.rate) - this.sent;
      for (let k = 0; k < due; k++) this.next();
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private next(): void {
    const k = this.sent++;
    if (k % 2 === 0) this.register();
    else this.accounting();
  }

  /** Subscribers in turn, so each number has one phone and one binding to look for. */
  private register(): void {
    const s = subscriber(this.registers++ % SUBSCRIBERS);
    const attributes = registerAttributes(s);
    this.track(
      this.exchange(Code.AccessRequest, this.target.authPort, () => attributes).then((code) => {
        if (code === Code.AccessAccept) this.accepted.set(s.number, contactOf(s));
        else if (code !== undefined) this.rejected++;
      }),
    );
  }

  private accounting(): void {
    const now = performance.now();
    const stop = this.dueStops[0] && this.dueStops[0].at <= now ? this.dueStops.shift()!.leg : undefined;
    const leg = stop ?? { id: `chaos-${this.tag}-${this.legs}`, caller: subscriber(this.legs % SUBSCRIBERS).number, called: String(200 + (this.legs % 100)) };
    if (!stop) {
      if (this.legs % 2 === 0) this.dueStops.push({ leg, at: now + HOLD_MS });
      this.legs++;
    }
    const status: AcctStatusName = stop ? 'stop' : 'start';
    const first = performance.now();
    this.track(
      this.exchange(Code.AccountingRequest, this.target.acctPort, () => legAttributes(leg, status, Math.floor((performance.now() - first) / 1000))).then((code) => {
        if (code !== Code.AccountingResponse) return;
        const seen = this.acknowledged.get(leg.id) ?? new Set<AcctStatusName>();
        seen.add(status);
        this.acknowledged.set(leg.id, seen);
      }),
    );
  }

  /** Up to 5 attempts, each a new packet (new Identifier); the reply code, or undefined when all went unanswered. */
  private async exchange(code: number, port: number, attributes: () => OutgoingAttribute[]): Promise<number | undefined> {
    for (const timeoutMs of ATTEMPT_TIMEOUTS_MS) {
      try {
        const reply = await sendRequest(code, attributes(), { host: HOST, port, secret: this.target.secret, timeoutMs, attempts: 1 });
        this.answered++;
        this.answerTimes.push(performance.now());
        return reply.code;
      } catch {
        // No reply (NoReplyError) or a socket error: either way this attempt went unanswered.
      }
    }
    this.gaveUp++;
    return undefined;
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }
}

/** The longest stretch of [from, to] with no answer in it (answer times ascending): its length and start. */
export function longestGap(times: readonly number[], from: number, to: number): { readonly ms: number; readonly at: number } {
  let gap = { ms: 0, at: from };
  let last = from;
  for (const t of [...times.filter((x) => x >= from && x <= to), to]) {
    if (t - last > gap.ms) gap = { ms: t - last, at: last };
    last = t;
  }
  return gap;
}
