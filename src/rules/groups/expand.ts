// A ring group and the call's round-robin position → the ordered destinations of its rule leg, with
// their `N+` delays (spec §4.2), and one note for the dry-run trace. Pure.
//
// The fallback leg is the FireBrick's own way of "when nobody answers": written with a delay of
// FALLBACK_DELAY_SECONDS, it starts as soon as every member leg has failed or ended (the delay
// collapse rule, spec §4.2); with a ring time it starts then instead, and a member whose turn would
// come at or after the ring time is left out (it would ring beside the voicemail). Members that are
// not registered are not skipped here: their `tel:` leg fails at once, and the collapse rule starts
// the next one without waiting for its delay.
import type { ExpandedLeg } from '../compiled.js';
import { FALLBACK_DELAY_SECONDS } from '../fallback.js';
import { formatDestination, type RingGroup } from './group.js';

export interface GroupExpansion {
  readonly legs: readonly ExpandedLeg[];
  /** e.g. `group sales (cascade, 10 s): 201, 202 at 10+, 203 at 20+; fallback sip:vm@example.com at 999+`. */
  readonly note: string;
}

/** The members in ring order for this call: round-robin starts `position` members on, wrapping. */
export function ringOrder<T>(members: readonly T[], strategy: RingGroup['strategy'], position: number): T[] {
  if (strategy !== 'round-robin' || members.length === 0) return [...members];
  const start = ((position % members.length) + members.length) % members.length;
  return [...members.slice(start), ...members.slice(0, start)];
}

export function expandGroup(group: RingGroup, position: number): GroupExpansion {
  const ordered = ringOrder(group.members, group.strategy, position);
  const legs: ExpandedLeg[] = [];
  const rung: string[] = [];
  const cut: string[] = [];
  ordered.forEach((target, i) => {
    const delaySeconds = group.strategy === 'all' ? 0 : i * group.delaySeconds;
    const text = formatDestination(target);
    if (group.ringSeconds !== undefined && delaySeconds > 0 && delaySeconds >= group.ringSeconds) return void cut.push(text);
    legs.push({ target, ...(delaySeconds ? { delaySeconds } : {}) });
    rung.push(delaySeconds ? `${text} at ${delaySeconds}+` : text);
  });
  const parts = [rung.join(', ')];
  if (cut.length) parts.push(`${cut.join(', ')} left out (ring time ${group.ringSeconds} s)`);
  if (group.fallback) {
    const delaySeconds = group.ringSeconds ?? FALLBACK_DELAY_SECONDS;
    legs.push({ target: group.fallback, delaySeconds });
    parts.push(`fallback ${formatDestination(group.fallback)} at ${delaySeconds}+`);
  }
  return { legs, note: `group ${group.name} (${describeStrategy(group, position)}): ${parts.join('; ')}` };
}

function describeStrategy(group: RingGroup, position: number): string {
  switch (group.strategy) {
    case 'all':
      return 'all';
    case 'cascade':
      return `cascade, ${group.delaySeconds} s`;
    case 'round-robin': {
      const start = (((position % group.members.length) + group.members.length) % group.members.length) + 1;
      return `round-robin, ${group.delaySeconds} s, call ${position + 1} starts at member ${start} of ${group.members.length}`;
    }
  }
}
