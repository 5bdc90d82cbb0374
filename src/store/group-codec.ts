// A ring group as stored: one JSON value, its members and fallback written as operators type them
// (rules/groups/group.ts formatDestination), so `redis-cli HGET` reads like `firebridge group show`.
import { checkGroupName, formatDestination, isGroupStrategy, readDestination, type RingGroup } from '../rules/groups/index.js';
import type { RouteTarget } from '../firebrick/route-plan.js';

interface StoredGroup {
  name: string;
  number?: string;
  strategy: string;
  delay: number;
  members: string[];
  fallback?: string;
  ringTime?: number;
}

export function encodeGroup(g: RingGroup): string {
  const stored: StoredGroup = {
    name: g.name,
    ...(g.number !== undefined ? { number: g.number } : {}),
    strategy: g.strategy,
    delay: g.delaySeconds,
    members: g.members.map(formatDestination),
    ...(g.fallback ? { fallback: formatDestination(g.fallback) } : {}),
    ...(g.ringSeconds !== undefined ? { ringTime: g.ringSeconds } : {}),
  };
  return JSON.stringify(stored);
}

/** undefined: not a group this version wrote (the call then finds no group, rather than a wrong one). */
export function decodeGroup(json: string | null | undefined): RingGroup | undefined {
  if (!json) return undefined;
  let s: Partial<StoredGroup>;
  try {
    s = JSON.parse(json) as Partial<StoredGroup>;
  } catch {
    return undefined;
  }
  if (typeof s.name !== 'string' || !checkGroupName(s.name).ok || typeof s.strategy !== 'string' || !isGroupStrategy(s.strategy)) return undefined;
  if (!Array.isArray(s.members) || typeof s.delay !== 'number') return undefined;
  const members: RouteTarget[] = [];
  for (const m of s.members) {
    const read = typeof m === 'string' ? readDestination(m) : undefined;
    if (!read?.ok) return undefined;
    members.push(read.value);
  }
  const fallback = typeof s.fallback === 'string' ? readDestination(s.fallback) : undefined;
  if (fallback && !fallback.ok) return undefined;
  return {
    name: s.name,
    ...(typeof s.number === 'string' ? { number: s.number } : {}),
    members,
    strategy: s.strategy,
    delaySeconds: s.delay,
    ...(fallback?.ok ? { fallback: fallback.value } : {}),
    ...(typeof s.ringTime === 'number' ? { ringSeconds: s.ringTime } : {}),
  };
}
