// The two per-request metrics, counted in plain numbers and handed to prom-client when scraped.
// prom-client hashes a label set into a string on every inc() and observe(), a child's too (it binds
// the labels, not the hash), and checks it against the label names: two strings and their checks per
// request, about 2 % of a saturated server's CPU (bench/steps.md, step 13), for figures read once a
// scrape. Here a request costs two map lookups on strings already hashed and a few additions.
import { Counter, type Registry } from 'prom-client';

type RequestLabels = { readonly client: string; readonly code: string; readonly reply: string; readonly outcome: string };

interface Tally {
  readonly requestCode: number;
  readonly replyCode: number | 'none';
  readonly labels: RequestLabels;
  count: number;
  /** What the Counter has been told of. */
  told: number;
}

/** firebridge_requests_total{client,code,reply,outcome}: a prom-client Counter, told at each scrape. */
export class RequestCounter {
  /** client → outcome → its tallies, one per (request code, reply code): a handful. */
  private readonly tallies = new Map<string, Map<string, Tally[]>>();
  /** Every tally in the order it was first counted, the order prom-client keeps its series in. */
  private readonly all: Tally[] = [];

  constructor(
    registry: Registry,
    private readonly codeName: (code: number) => string,
  ) {
    const all = this.all;
    new Counter({
      name: 'firebridge_requests_total',
      help: 'RADIUS requests answered (or deliberately left unanswered), by client, request code, reply and outcome',
      labelNames: ['client', 'code', 'reply', 'outcome'] as const,
      registers: [registry],
      collect() {
        for (const t of all) {
          if (t.count > t.told) this.inc(t.labels, t.count - t.told);
          t.told = t.count;
        }
      },
    });
  }

  count(client: string, requestCode: number, replyCode: number | 'none', outcome: string): void {
    let byOutcome = this.tallies.get(client);
    if (!byOutcome) this.tallies.set(client, (byOutcome = new Map()));
    let list = byOutcome.get(outcome);
    if (!list) byOutcome.set(outcome, (list = []));
    for (const t of list) {
      if (t.requestCode === requestCode && t.replyCode === replyCode) {
        t.count++;
        return;
      }
    }
    const reply = replyCode === 'none' ? 'none' : this.codeName(replyCode);
    const tally: Tally = { requestCode, replyCode, labels: { client, code: this.codeName(requestCode), reply, outcome }, count: 1, told: 0 };
    list.push(tally);
    this.all.push(tally);
  }
}

interface Buckets {
  readonly labels: { readonly code: string };
  /** Observations per bound (not cumulative); the last is those above every bound (+Inf). */
  readonly counts: number[];
  sum: number;
  count: number;
}

type Sample = { readonly labels: Record<string, string | number>; readonly value: number; readonly metricName: string };

/**
 * firebridge_request_duration_seconds{code}: a histogram of our own in the registry, written as
 * prom-client writes its Histogram (cumulative buckets with `le` first, then _sum and _count), so a
 * scrape reads the same lines. The registry needs of a metric only its name and `get()`.
 */
export class LatencyHistogram {
  readonly name = 'firebridge_request_duration_seconds';
  readonly help = 'Time from datagram received to reply sent';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly byCode = new Map<number, Buckets>();

  constructor(
    registry: Registry,
    private readonly bounds: readonly number[],
    private readonly codeName: (code: number) => string,
  ) {
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  observe(requestCode: number, seconds: number): void {
    let b = this.byCode.get(requestCode);
    if (!b) this.byCode.set(requestCode, (b = { labels: { code: this.codeName(requestCode) }, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 }));
    let i = 0;
    while (i < this.bounds.length && seconds > this.bounds[i]!) i++;
    b.counts[i]!++;
    b.sum += seconds;
    b.count++;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: Sample[] } {
    const values: Sample[] = [];
    const bucket = `${this.name}_bucket`;
    for (const b of this.byCode.values()) {
      let below = 0;
      this.bounds.forEach((le, i) => {
        below += b.counts[i]!;
        values.push({ labels: { le, ...b.labels }, value: below, metricName: bucket });
      });
      values.push({ labels: { le: '+Inf', ...b.labels }, value: b.count, metricName: bucket });
      values.push({ labels: b.labels, value: b.sum, metricName: `${this.name}_sum` });
      values.push({ labels: b.labels, value: b.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.byCode.clear();
  }
}
