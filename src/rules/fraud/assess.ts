// Who a call counts against, and what the counters say about it. Pure: the guard step
// (app/firebrick/fraud.ts) reads the counters for `checksFor` in one batch and asks `assess`.
import { callerName } from '../../firebrick/caller.js';
import { callerSubscriber, type CallSource } from '../call-context.js';
import { breachesOf, type Breach, type FraudCounts, type FraudThresholds, type MetricThresholds, type SubjectKind } from './thresholds.js';

export interface FraudSubject {
  readonly kind: SubjectKind;
  /** "subscriber:realm:username", "cui:<CUI>", "source:<address>": what `firebridge fraud` shows and takes. */
  readonly name: string;
}

export const fraudSubjectName = {
  subscriber: (realm: string, username: string): string => `subscriber:${callerName.subscriber(realm, username)}`,
  cui: (cui: string): string => callerName.cui(cui),
  source: (address: string): string => `source:${address}`,
} as const;

/**
 * The subjects a call counts against. A carrier's call comes in from outside, so it is nobody's
 * toll: a carrier is no subject, and its source address is not counted either.
 */
export function fraudSubjects(source: CallSource, sourceAddress: string | undefined): FraudSubject[] {
  if (source.kind === 'carrier') return [];
  const subjects: FraudSubject[] = [];
  const sub = callerSubscriber(source);
  if (sub) subjects.push({ kind: 'subscriber', name: fraudSubjectName.subscriber(sub.realm, sub.username) });
  if (source.kind === 'local-phone') subjects.push({ kind: 'cui', name: fraudSubjectName.cui(source.cui) });
  if (sourceAddress) subjects.push({ kind: 'source', name: fraudSubjectName.source(sourceAddress) });
  return subjects;
}

/** The one subject a rule's `fraud` condition reads: the subscriber, else the CUI, else the source address. */
export function fraudSubjectOf(source: CallSource, sourceAddress: string | undefined): FraudSubject | undefined {
  return fraudSubjects(source, sourceAddress)[0];
}

export interface FraudCheck {
  readonly subject: FraudSubject;
  readonly cls: string;
  readonly thresholds: MetricThresholds;
}

/**
 * The (subject, class) pairs that are read and counted: those with thresholds, and — when a rule's
 * `fraud:` condition reads the class (`readByRules`) — the subject such a condition reads
 * (fraudSubjectOf), with no thresholds of its own, so that the condition reads real counts.
 */
export function checksFor(thresholds: FraudThresholds, cls: string, subjects: readonly FraudSubject[], readByRules = false): FraudCheck[] {
  const byKind = thresholds[cls] ?? {};
  const checks = subjects.flatMap((subject) => {
    const t = byKind[subject.kind];
    return t && Object.keys(t).length ? [{ subject, cls, thresholds: t }] : [];
  });
  const read = readByRules ? subjects[0] : undefined;
  if (read && !checks.some((c) => c.subject.name === read.name)) checks.push({ subject: read, cls, thresholds: {} });
  return checks;
}

export interface StandingOf {
  readonly counts: FraudCounts;
  /** A block still standing from an earlier crossing. */
  readonly blocked: boolean;
}

export interface FraudFinding {
  readonly check: FraudCheck;
  readonly breach: Breach;
}

export interface Assessment {
  /** Why the call is refused: the first standing block, else the first block level reached now. */
  readonly refusedBy: FraudCheck | undefined;
  /** Block levels reached now, each a new crossing to be blocked and alerted (once: the store's block is set-if-absent). */
  readonly blocks: readonly FraudFinding[];
  /** Warning levels reached (alerted once per crossing: the store's warning mark is set-if-absent). */
  readonly warnings: readonly FraudFinding[];
}

export function assess(checks: readonly FraudCheck[], standings: readonly StandingOf[]): Assessment {
  const blocks: FraudFinding[] = [];
  const warnings: FraudFinding[] = [];
  let standingBlock: FraudCheck | undefined;
  checks.forEach((check, i) => {
    const standing = standings[i];
    if (!standing) return;
    if (standing.blocked) {
      standingBlock ??= check;
      return;
    }
    for (const breach of breachesOf(check.thresholds, standing.counts)) (breach.level === 'block' ? blocks : warnings).push({ check, breach });
  });
  return { refusedBy: standingBlock ?? blocks[0]?.check, blocks, warnings };
}
