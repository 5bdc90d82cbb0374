// Turns benchmark results into the printed tables and bench/results.md. Pure.
import type { GeneratorResult } from './generator.js';
import { WORKLOAD_TITLES, type WorkloadName } from './workloads.js';

export interface TargetResult {
  readonly name: string;
  readonly description: string;
  readonly results: GeneratorResult[];
  readonly rssBytes: number;
  /** Absent for a target with no Redis (the in-process store). */
  readonly redisBytes?: number;
}

const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : '–');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');
const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

const CODE_NAMES: Record<string, string> = { '2': 'Accept', '3': 'Reject', '5': 'Acct-Response', '11': 'Challenge' };

export function targetSection(t: TargetResult): string {
  const rows = t.results.map((r) => {
    const at = (fraction: number): string => {
      const l = r.loads.find((x) => x.fraction === fraction);
      return l ? `${f2(l.latencyMs.p50)} / ${f2(l.latencyMs.p99)} / ${f2(l.latencyMs.p999)}` : '–';
    };
    const replies = Object.entries(r.replies)
      .map(([code, n]) => `${CODE_NAMES[code] ?? code} ${f0(n)}`)
      .join(', ');
    const lost = r.saturation.lost + r.loads.reduce((n, l) => n + l.lost, 0);
    return [
      WORKLOAD_TITLES[r.workload],
      f0(r.saturation.rate),
      f0(r.saturation.serverCpuUs),
      r.saturation.redisCpuUs !== undefined ? f0(r.saturation.redisCpuUs) : '–',
      at(0.25),
      at(0.5),
      at(0.8),
      f0(lost),
      replies,
    ];
  });
  return [
    `### ${t.name}`,
    '',
    t.description,
    '',
    table(
      ['workload', 'req/s at saturation', 'server CPU µs/req', 'Redis CPU µs/req', 'ms p50 / p99 / p99.9 at 25 %', 'at 50 %', 'at 80 %', 'lost', 'replies'],
      rows,
    ),
    '',
    `At the end: server RSS ${mb(t.rssBytes)}, ${t.redisBytes !== undefined ? `Redis used_memory ${mb(t.redisBytes)}` : 'no Redis'}.`,
  ].join('\n');
}

export function ratioSection(targets: readonly TargetResult[], reference: TargetResult | undefined): string {
  if (!reference) return 'FreeRADIUS was not run (not installed, or --targets left it out): no ratios.';
  const rows: string[][] = [];
  for (const t of targets) {
    if (t === reference) continue;
    for (const r of t.results) {
      const ref = reference.results.find((x) => x.workload === r.workload);
      if (!ref) continue;
      rows.push([
        t.name,
        WORKLOAD_TITLES[r.workload],
        `${f2(r.saturation.rate / ref.saturation.rate)}×`,
        `${f2(r.saturation.serverCpuUs / ref.saturation.serverCpuUs)}×`,
      ]);
    }
  }
  return [
    `Relative to ${reference.name} (throughput above 1 is faster; CPU per request below 1 is cheaper):`,
    '',
    table(['firebridge', 'workload', 'throughput ×', 'server CPU per request ×'], rows),
  ].join('\n');
}

export interface TargetCheck {
  readonly label: string;
  readonly met: boolean;
  readonly detail: string;
}

/** The real workloads the ratios are asked on (issue 20); Status-Server is the wire floor, reported only. */
const REAL_WORKLOADS: readonly WorkloadName[] = ['register', 'invite', 'accounting', 'mix'];

/**
 * Issue 20's targets, each a ratio to FreeRADIUS in the same run: server CPU per request ≤ 0.8× on
 * (b)–(e) (one process, and every other firebridge target on the workloads it ran), `--workers`
 * throughput ≥ 1.3× on (b)–(e), one process ≥ 1.0× on the mix, and p99 at 25 % and 50 % load no worse.
 */
export function checkTargets(single: TargetResult | undefined, multi: TargetResult | undefined, fr: TargetResult | undefined, others: readonly TargetResult[] = []): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (!fr) return checks;
  const of = (t: TargetResult | undefined, w: WorkloadName) => t?.results.find((r) => r.workload === w);
  for (const t of [single, ...others].filter((x): x is TargetResult => x !== undefined)) {
    for (const w of REAL_WORKLOADS) {
      const [m, f] = [of(t, w), of(fr, w)];
      if (!m || !f) continue;
      const ratio = m.saturation.serverCpuUs / f.saturation.serverCpuUs;
      checks.push({ label: `${t.name}: server CPU per request ≤ 0.8× FreeRADIUS on ${WORKLOAD_TITLES[w]}`, met: ratio <= 0.8, detail: `${f2(ratio)}×` });
    }
  }
  for (const w of REAL_WORKLOADS) {
    const [m, f] = [of(multi, w), of(fr, w)];
    if (!m || !f) continue;
    const ratio = m.saturation.rate / f.saturation.rate;
    checks.push({ label: `--workers throughput ≥ 1.3× FreeRADIUS on ${WORKLOAD_TITLES[w]}`, met: ratio >= 1.3, detail: `${f2(ratio)}×` });
  }
  const [mix, frMix] = [of(single, 'mix'), of(fr, 'mix')];
  if (mix && frMix) {
    const ratio = mix.saturation.rate / frMix.saturation.rate;
    checks.push({ label: 'one process ≥ 1.0× FreeRADIUS throughput on the mix', met: ratio >= 1, detail: `${f2(ratio)}×` });
  }
  for (const t of [single, multi].filter((x): x is TargetResult => x !== undefined)) {
    for (const w of REAL_WORKLOADS) {
      const [m, f] = [of(t, w), of(fr, w)];
      if (!m || !f) continue;
      for (const fraction of [0.25, 0.5]) {
        const ours = m.loads.find((l) => l.fraction === fraction)?.latencyMs.p99 ?? NaN;
        const theirs = f.loads.find((l) => l.fraction === fraction)?.latencyMs.p99 ?? NaN;
        checks.push({
          label: `${t.name}: p99 at ${fraction * 100} % load no worse than FreeRADIUS on ${WORKLOAD_TITLES[w]}`,
          met: ours <= theirs,
          detail: `${f2(ours)} ms against ${f2(theirs)} ms`,
        });
      }
    }
  }
  return checks;
}

export function checksSection(checks: readonly TargetCheck[]): string {
  return checks.map((c) => `- ${c.met ? 'met' : 'NOT met'}: ${c.label} — ${c.detail}`).join('\n');
}
