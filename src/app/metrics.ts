// Prometheus metrics, /healthz and /readyz on a small HTTP listener (issue 7).
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { JournalObserver } from '../accounting/index.js';
import { LatencyHistogram, RequestCounter } from './request-metrics.js';
import { codeName, type RadiusStats } from '../radius/index.js';
import { streamIdTime, type RecordGroupState } from '../store/index.js';

export class Metrics implements RadiusStats {
  readonly registry = new Registry();
  private readonly requests = new RequestCounter(this.registry, codeName);
  private readonly latency = new LatencyHistogram(this.registry, [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5], codeName);
  private readonly drops = new Counter({
    name: 'firebridge_dropped_packets_total',
    help: 'Packets dropped before the request handler, by reason',
    labelNames: ['reason', 'client'] as const,
    registers: [this.registry],
  });
  private readonly duplicates = new Counter({
    name: 'firebridge_duplicate_replies_total',
    help: 'Duplicate requests answered from the reply cache (RFC 5080)',
    labelNames: ['client'] as const,
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: 'firebridge_store_errors_total',
    help: 'Requests the store failed for (accounting ones included when the journal then kept them)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly internalErrors = new Counter({
    name: 'firebridge_internal_errors_total',
    help: 'Requests a defect in firebridge failed (logged as "internal error" with its stack), by where it was met',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly ruleReloads = new Counter({
    name: 'firebridge_rule_reloads_total',
    help: 'Routing rule reloads by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly recordsTrimmed = new Counter({
    name: 'firebridge_records_trimmed_total',
    help: 'Call records trimmed from the record streams (accounting.maxRecords)',
    registers: [this.registry],
  });
  readonly recordsTrimmedUnread = new Counter({
    name: 'firebridge_records_trimmed_unread_total',
    help: 'Call records trimmed that no consumer group had read: with no accounting.consumers, every trimmed record',
    registers: [this.registry],
  });
  readonly fraudBreaches = new Counter({
    name: 'firebridge_fraud_breaches_total',
    help: 'Fraud thresholds crossed (once per crossing), by level, destination class, subject kind and metric',
    labelNames: ['level', 'class', 'subject', 'metric'] as const,
    registers: [this.registry],
  });
  readonly cliWithheld = new Counter({
    name: 'firebridge_cli_withheld_total',
    help: "Route legs whose caller ID the client's CLI policy withheld, by client and reason",
    labelNames: ['client', 'reason'] as const,
    registers: [this.registry],
  });
  readonly fraudAlerts = new Counter({
    name: 'firebridge_fraud_alerts_total',
    help: 'Fraud alerts to fraud.webhook.url by result: sent, failed (retries used up), dropped (queue full)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly durationCuts = new Counter({
    name: 'firebridge_duration_cuts_total',
    help: 'Legs past their duration limit that this instance disconnected, by outcome (stopped, no-stop, nak, no-reply, unconfigured, error)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly rulesLoaded = new Gauge({ name: 'firebridge_rules_loaded', help: 'Rules in the serving rule set', registers: [this.registry] });

  /** The accounting journal's metrics; registered only when a journal is configured. */
  journalObserver(maxBytes: number): JournalObserver {
    const registers = [this.registry];
    const bytes = new Gauge({ name: 'firebridge_journal_bytes', help: 'Bytes the accounting journal holds (not yet replayed into Redis)', registers });
    new Gauge({ name: 'firebridge_journal_max_bytes', help: 'accounting.journal.maxBytes: past it accounting is not acknowledged', registers }).set(maxBytes);
    const records = new Counter({
      name: 'firebridge_journal_records_total',
      help: 'Accounting writes appended to the journal, and replayed from it into Redis',
      labelNames: ['action'] as const,
      registers,
    });
    const skipped = new Counter({
      name: 'firebridge_journal_skipped_total',
      help: 'Damaged regions of the journal skipped on replay (torn tail after a crash, corrupt frames)',
      labelNames: ['reason'] as const,
      registers,
    });
    const appended = records.labels({ action: 'appended' });
    const replayed = records.labels({ action: 'replayed' });
    return {
      bytes: (used) => bytes.set(used),
      appended: (n) => appended.inc(n),
      replayed: (n) => replayed.inc(n),
      skipped: (region) => skipped.inc({ reason: region.reason }),
    };
  }

  constructor(gauges?: {
    registrations: () => Promise<number>;
    activeCalls: () => Promise<number>;
    storeReady: () => boolean;
    recordGroups?: () => Promise<RecordGroupState[]>;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'firebridge_' });
    if (gauges) {
      new Gauge({
        name: 'firebridge_registered_numbers',
        help: 'Numbers with at least one live registration',
        registers: [this.registry],
        async collect() {
          this.set(await gauges.registrations().catch(() => NaN));
        },
      });
      new Gauge({
        name: 'firebridge_active_call_legs',
        help: 'Call legs started and not yet stopped (nor stale)',
        registers: [this.registry],
        async collect() {
          this.set(await gauges.activeCalls().catch(() => NaN));
        },
      });
      new Gauge({
        name: 'firebridge_store_ready',
        help: '1 when the store (Redis) answers',
        registers: [this.registry],
        collect() {
          this.set(gauges.storeReady() ? 1 : 0);
        },
      });
      if (gauges.recordGroups) this.recordGroupGauges(gauges.recordGroups);
    }
  }

  /** Lag of every consumer group on the record streams (the PostgreSQL sink's and any other). */
  private recordGroupGauges(groups: () => Promise<RecordGroupState[]>): void {
    let read: Promise<RecordGroupState[]> | undefined;
    // Both gauges are collected in one scrape: one read of the groups serves both.
    const states = (): Promise<RecordGroupState[]> => (read ??= groups().catch(() => []).finally(() => setImmediate(() => (read = undefined))));
    new Gauge({
      name: 'firebridge_cdr_sink_lag_records',
      help: 'Call records a consumer group has not acknowledged yet (pending + not yet delivered), by stream and group',
      labelNames: ['stream', 'group'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const g of await states()) this.set({ stream: g.stream, group: g.group }, g.pending + (g.lag ?? 0));
      },
    });
    new Gauge({
      name: 'firebridge_cdr_sink_oldest_unacked_seconds',
      help: 'Age of the oldest call record a consumer group has not acknowledged (0 when caught up), by stream and group',
      labelNames: ['stream', 'group'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const now = Date.now();
        for (const g of await states()) {
          this.set({ stream: g.stream, group: g.group }, g.oldestUnackedId ? Math.max(0, (now - streamIdTime(g.oldestUnackedId)) / 1000) : 0);
        }
      },
    });
  }

  dropped(reason: string, client: string | undefined): void {
    this.drops.inc({ reason, client: client ?? 'unknown' });
  }

  duplicateReplayed(client: string): void {
    this.duplicates.inc({ client });
  }

  answered(client: string, requestCode: number, replyCode: number | 'none', outcome: string, seconds: number): void {
    this.requests.count(client, requestCode, replyCode, outcome);
    this.latency.observe(requestCode, seconds);
  }
}

export interface HealthChecks {
  /** Redis reachable and rules loaded. */
  ready(): { ok: boolean; detail: Record<string, unknown> };
}

export function startMetricsServer(metrics: Metrics, health: HealthChecks, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/metrics') {
      metrics.registry
        .metrics()
        .then((text) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType });
          res.end(text);
        })
        .catch((err: Error) => {
          res.writeHead(500).end(err.message);
        });
      return;
    }
    if (url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (url === '/readyz') {
      const r = health.ready();
      res.writeHead(r.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: r.ok ? 'ready' : 'not ready', ...r.detail }));
      return;
    }
    res.writeHead(404).end('not found: try /metrics, /healthz or /readyz\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
