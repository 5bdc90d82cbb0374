// The LCR workload's table and rule (issue 18 item 5): a table of 3,002 UK prefixes with three
// carriers each, imported through the LCR store as `firebridge lcr import` would, and a rule that
// routes 0044… by it. The rule file is added beside the shipped rules (servers.ts), before
// 40-outbound.yaml, whose `_00X.` would otherwise take these calls.
import { Redis } from 'ioredis';
import type { LcrEntry } from '../src/rules/lcr/index.js';
import { redisStore, type Store } from '../src/store/index.js';

export const LCR_TABLE = 'bench-uk';
/** 441000..443999: the six-digit prefixes a call's number falls in. */
const FIRST_PREFIX = 441_000;
export const LCR_PREFIXES = 3_000;

export const LCR_RULES_FILE = '35-bench-lcr.yaml';
export const LCR_RULES = `rules:
  - name: bench least-cost UK
    match:
      from: [subscriber, local-phone]
      called: { regex: "^00(44\\\\d+)$" }
    route:
      - lcr: { table: ${LCR_TABLE}, number: "\${1}" }
`;

const CARRIERS = ['alpha', 'bravo', 'charlie'] as const;

/**
 * Per six-digit prefix three carriers whose order depends on the prefix (so selection sorts), plus
 * `44` and `447` as the shorter prefixes a longest-prefix match passes on its way.
 */
export function lcrEntries(): LcrEntry[] {
  const entries: LcrEntry[] = [
    { prefix: '44', carrier: 'wholesale', priority: 1, rate: 0.9 },
    { prefix: '447', carrier: 'mobiles', priority: 1, rate: 2.5 },
  ];
  for (let i = 0; i < LCR_PREFIXES; i++) {
    const prefix = String(FIRST_PREFIX + i);
    CARRIERS.forEach((carrier, c) => entries.push({ prefix, carrier, priority: 1 + ((i + c) % 2), rate: ((i * 7 + c * 13) % 50) / 100 }));
  }
  return entries;
}

/** A dialled number in one of the table's six-digit prefixes: 0044 1xxxxx xxxx … 0044 3xxxxx xxxx. */
export function lcrCalledNumber(random: () => number): string {
  const prefix = FIRST_PREFIX + Math.floor(random() * LCR_PREFIXES);
  return `00${prefix}${String(Math.floor(random() * 1e6)).padStart(6, '0')}`;
}

export async function writeLcrTable(store: Store): Promise<void> {
  await store.lcr.replace(LCR_TABLE, lcrEntries(), 'bench');
}

export async function seedLcrTable(url: string): Promise<void> {
  const store = redisStore(new Redis(url), 'fb:');
  try {
    await writeLcrTable(store);
  } finally {
    await store.close();
  }
}
