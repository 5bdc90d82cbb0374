// The chaos figures as Markdown: printed, and written to bench/chaos-results.md.
import { availableParallelism, cpus } from 'node:os';
import type { ChaosOptions } from './options.js';
import type { ModeReport, ScenarioRow } from './run.js';
import { ATTEMPT_TIMEOUTS_MS } from './load.js';
import { CLUSTER_NODE_TIMEOUT_MS, SENTINEL_DOWN_AFTER_MS } from './topologies.js';

const HEADER = [
  'scenario',
  'fault → recovery',
  'longest gap in answers (s)',
  'acknowledged accounting missing',
  'accepted registrations missing',
  'duplicate records',
  'given up after 5 attempts',
  'notes',
];

function cells(r: ScenarioRow): string[] {
  const name = `${r.scenario}${r.runs > 1 ? ` #${r.run}` : ''}`;
  const what = `${r.fault} → ${r.recovery}`;
  if (r.error || !r.tally || !r.missing) return [name, what, '—', '—', '—', '—', '—', `failed: ${r.error ?? 'no figures'}`];
  const m = r.missing;
  return [
    name,
    what,
    r.tally.longestGapSeconds.toFixed(1),
    `${m.accountingMissing} of ${m.accountingAcknowledged}`,
    `${m.registrationsMissing} of ${m.registrationsAccepted}`,
    String(m.duplicateRecords),
    `${r.tally.gaveUp} of ${r.tally.sent}`,
    r.notes.join('; '),
  ];
}

export function modeTable(report: ModeReport): string {
  if (!report.available) return `Not available in this build: the server refuses the configuration (\`${report.reason}\`).`;
  const rows = report.rows.map(cells).map((c) => c.map((v) => v.replace(/\|/g, '\\|')));
  return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...rows.map((c) => `| ${c.join(' | ')} |`)].join('\n');
}

export function chaosReport(reports: readonly ModeReport[], o: ChaosOptions, redisVersion: string): string {
  const deadlines = ATTEMPT_TIMEOUTS_MS.reduce<number[]>((acc, t) => [...acc, (acc.at(-1) ?? 0) + t], []).map((t) => (t / 1000).toFixed(1));
  return [
    '# firebridge fault figures',
    '',
    `Written by \`npm run chaos\` on ${new Date().toISOString().slice(0, 10)}: ${o.rate} requests/s (half digest REGISTER, half accounting Start/Stop), ${o.seconds} s of load per scenario with the fault after 30 % of it, on ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}) shared by the load, firebridge and every Redis process; ${redisVersion}.`,
    '',
    '- Every Redis runs with `appendonly yes`, `appendfsync everysec`; Sentinel: 1 master, 2 replicas, 3 sentinels, quorum 2,',
    `  \`down-after-milliseconds ${SENTINEL_DOWN_AFTER_MS}\`; Cluster: 3 masters, 3 replicas, \`cluster-node-timeout ${CLUSTER_NODE_TIMEOUT_MS}\`; firebridge with its defaults`,
    '  (`redis.commandTimeoutMs` 200, `failurePolicy` drop), one process.',
    `- The client retries as a FireBrick does (spec §7): 5 attempts, each a new Identifier with the same Acct-Session-Id, given up ${deadlines.at(-1)} s after the first (attempt deadlines ${deadlines.join(', ')} s).`,
    '- "Missing" is counted against the client\'s own list of what it was answered: an acknowledged Stop must have its call record,',
    '  an acknowledged Start its active leg or record, an accepted REGISTER its binding (same Contact). "Duplicate records": call records beyond the first for one leg.',
    '- "Longest gap": the longest time in which no request got any answer while the load ran.',
    '- The partition is made by a TCP proxy in front of the first master that stops reading both ways (no iptables on this machine; network namespaces work but would need a veth pair with addresses in the host namespace).',
    '',
    ...reports.flatMap((r) => [`## Durability mode \`${r.mode}\``, '', modeTable(r), '']),
  ].join('\n');
}
