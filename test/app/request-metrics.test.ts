// The per-request metrics are counted outside prom-client and handed to it at each scrape: a scrape
// must read exactly what prom-client's own Counter and Histogram would have written for the same
// requests, and a second scrape only what came since, added on.
import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, RequestCounter } from '../../src/app/request-metrics.js';
import { codeName } from '../../src/radius/index.js';

const BOUNDS = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5];

type Answer = [client: string, requestCode: number, replyCode: number | 'none', outcome: string, seconds: number];

function prometheus(): { registry: Registry; answered(...a: Answer): void } {
  const registry = new Registry();
  const requests = new Counter({
    name: 'firebridge_requests_total',
    help: 'RADIUS requests answered (or deliberately left unanswered), by client, request code, reply and outcome',
    labelNames: ['client', 'code', 'reply', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'firebridge_request_duration_seconds',
    help: 'Time from datagram received to reply sent',
    labelNames: ['code'] as const,
    buckets: BOUNDS,
    registers: [registry],
  });
  return {
    registry,
    answered: (client, requestCode, replyCode, outcome, seconds) => {
      requests.inc({ client, code: codeName(requestCode), reply: replyCode === 'none' ? 'none' : codeName(replyCode), outcome });
      latency.observe({ code: codeName(requestCode) }, seconds);
    },
  };
}

function ours(): { registry: Registry; answered(...a: Answer): void } {
  const registry = new Registry();
  const requests = new RequestCounter(registry, codeName);
  const latency = new LatencyHistogram(registry, BOUNDS, codeName);
  return {
    registry,
    answered: (client, requestCode, replyCode, outcome, seconds) => {
      requests.count(client, requestCode, replyCode, outcome);
      latency.observe(requestCode, seconds);
    },
  };
}

const FIRST: Answer[] = [
  ['fb1', 1, 2, 'register', 0.0003],
  ['fb1', 1, 2, 'register', 0.0002],
  ['fb1', 1, 3, 'reject:unknown-user', 0.004],
  ['fb1', 1, 11, 'challenge', 0.7],
  ['fb2', 4, 5, 'acct:start', 0.0011],
  ['fb2', 4, 'none', 'acct:store-unavailable', 0.2],
  ['fb2', 12, 2, 'status', 0.00001],
  // The same outcome under another request or reply code is its own series.
  ['fb2', 1, 2, 'acct:start', 0.05],
];
const LATER: Answer[] = [
  ['fb1', 1, 2, 'register', 0.01],
  ['fb3', 4, 5, 'acct:stop', 0.0004],
  ['fb2', 4, 5, 'acct:start', 0.5],
];

describe('per-request metrics', () => {
  it('scrape as prom-client writes the same requests, and go on adding after a scrape', async () => {
    const theirs = prometheus();
    const mine = ours();
    for (const a of FIRST) (theirs.answered(...a), mine.answered(...a));
    expect(await mine.registry.metrics()).toBe(await theirs.registry.metrics());
    for (const a of LATER) (theirs.answered(...a), mine.answered(...a));
    expect(await mine.registry.metrics()).toBe(await theirs.registry.metrics());
    // A scrape with nothing new leaves every figure where it was.
    expect(await mine.registry.metrics()).toBe(await theirs.registry.metrics());
  });

  it('give the same JSON as prom-client', async () => {
    const theirs = prometheus();
    const mine = ours();
    for (const a of [...FIRST, ...LATER]) (theirs.answered(...a), mine.answered(...a));
    const strip = (metrics: Array<Record<string, unknown>>): unknown =>
      metrics.map(({ name, help, type, values }) => ({ name, help, type, values: (values as Array<Record<string, unknown>>).map(({ labels, value, metricName }) => ({ labels, value, metricName })) }));
    expect(strip((await mine.registry.getMetricsAsJSON()) as never)).toEqual(strip((await theirs.registry.getMetricsAsJSON()) as never));
  });
});
