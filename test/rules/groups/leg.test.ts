// The rule leg `group:` through the engine: found by name or by the dialled number, fetched in the
// evaluation's one batch, the rule leg's delay, CLI and CUI applied to every member, an unknown group
// skipped with a note.
import { describe, expect, it } from 'vitest';
import { formatLeg } from '../../../src/firebrick/route-plan.js';
import { evaluate, type CallContext, type RoutingFacts } from '../../../src/rules/index.js';
import { NO_COUNTS } from '../../../src/rules/fraud/index.js';
import type { GroupCall, RingGroup } from '../../../src/rules/groups/index.js';
import { compileFromText } from '../compile-helper.js';

const sales: RingGroup = {
  name: 'sales',
  number: '300',
  members: [
    { kind: 'tel', number: '201' },
    { kind: 'tel', number: '202' },
  ],
  strategy: 'round-robin',
  delaySeconds: 10,
  fallback: { kind: 'sip', uri: 'sip:vm@example.com' },
};

class Facts implements RoutingFacts {
  asked: string[] = [];
  position = 0;
  isRegistered = async () => false;
  lookup = async () => undefined;
  activeCalls = async () => 0;
  isFaxDid = async () => false;
  fraudCounts = async () => NO_COUNTS;
  lcrEntries = async () => undefined;
  callee = async () => undefined;
  async ringGroup(ref: string): Promise<GroupCall | undefined> {
    this.asked.push(ref);
    return ref === 'sales' || ref === '300' ? { group: sales, position: this.position++ } : undefined;
  }
}

const ctx = (called: string): CallContext => ({
  method: 'INVITE',
  called,
  calling: '209',
  source: { kind: 'carrier', carrier: 'primary' },
  firebrick: { client: 'fb1', nasIdentifier: undefined },
  at: new Date('2026-11-23T10:00:00Z'),
});

const rules = `rules:
  - name: groups
    match: { called: { prefix: "3" } }
    route:
      - group: "\${called}"
        cli: "01632960000"
  - name: named
    match: { called: "400" }
    route:
      - tel: "299"
      - group: sales
        delay: 5
`;

describe('group leg', () => {
  it('rings the group whose number is dialled, rotating, with the leg CLI on every destination', async () => {
    const facts = new Facts();
    const set = compileFromText(rules);
    const first = await evaluate(set, ctx('300'), facts, { noMatch: 'reject' });
    const second = await evaluate(set, ctx('300'), facts, { noMatch: 'reject' });
    if (first.decision.kind !== 'route' || second.decision.kind !== 'route') throw new Error('not routed');
    expect(first.decision.plan.legs.map(formatLeg)).toEqual(['tel:201', '10+tel:202', '999+sip:vm@example.com']);
    expect(second.decision.plan.legs.map(formatLeg)).toEqual(['tel:202', '10+tel:201', '999+sip:vm@example.com']);
    expect(first.decision.plan.legs.every((l) => l.cli === '01632960000')).toBe(true);
    expect(first.trace.at(-1)!.notes).toEqual([
      'group sales (round-robin, 10 s, call 1 starts at member 1 of 2): 201, 202 at 10+; fallback sip:vm@example.com at 999+',
    ]);
    expect(facts.asked).toEqual(['300', '300']);
  });

  it('adds the rule leg’s delay before each of the group’s destinations', async () => {
    const e = await evaluate(compileFromText(rules), ctx('400'), new Facts(), { noMatch: 'reject' });
    if (e.decision.kind !== 'route') throw new Error(e.decision.message);
    expect(e.decision.plan.legs.map(formatLeg)).toEqual(['tel:299', '5+tel:201', '15+tel:202', '999+sip:vm@example.com']);
  });

  it('skips the leg of a group that does not exist, with a note; no destination left is a reject', async () => {
    const e = await evaluate(compileFromText(rules), ctx('399'), new Facts(), { noMatch: 'reject' });
    expect(e.decision).toEqual({ kind: 'reject', message: 'No route to destination' });
    expect(e.trace.at(-1)!.notes).toEqual(['no ring group named or numbered "399"', 'leg 1 skipped: it expanded to no destination', 'every leg was skipped']);
  });

  it('the condition group: lets a number that is no group fall through to later rules, reading the group once', async () => {
    const yaml = 'rules:\n  - name: g\n    match: { group: "${called}" }\n    route:\n      - group: "${called}"\n  - name: rest\n    route:\n      - tel: "${called}"\n';
    const facts = new Facts();
    const miss = await evaluate(compileFromText(yaml), ctx('301'), facts, { noMatch: 'reject' });
    expect(miss.rule?.name).toBe('rest');
    expect(miss.trace[0]!.notes).toEqual(['no ring group named or numbered "301"']);
    const hit = await evaluate(compileFromText(yaml), ctx('300'), facts, { noMatch: 'reject' });
    expect(hit.rule?.name).toBe('g');
    expect(hit.decision.kind === 'route' && hit.decision.plan.legs.map(formatLeg)).toEqual(['tel:201', '10+tel:202', '999+sip:vm@example.com']);
    expect(facts.asked).toEqual(['301', '300']);
  });

  it('refuses a leg with group and another destination', () => {
    expect(() => compileFromText('rules:\n  - name: a\n    route:\n      - group: sales\n        tel: "201"\n')).toThrow(
      'a leg needs exactly one of tel, sip, carrier, group, lcr or features',
    );
  });
});
