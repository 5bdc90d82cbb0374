// The rule engine, table-driven: matchers, actions, live facts, first-match-wins, batching.
import { describe, expect, it } from 'vitest';
import { evaluate, type CallContext, type RoutingFacts } from '../../src/rules/index.js';
import { NO_COUNTS, type FraudCounts } from '../../src/rules/fraud/index.js';
import { compileFromText } from './compile-helper.js';

const at = new Date('2026-11-23T10:00:00Z'); // a Monday, 10:00 in London
function call(over: Partial<CallContext> = {}): CallContext {
  return {
    method: 'INVITE',
    called: '201',
    calling: '202',
    source: { kind: 'subscriber', subscriber: { username: 'bob', realm: 'example.com', number: '202', maxCalls: 2 } },
    firebrick: { client: 'fb1', nasIdentifier: 'fb1.example' },
    at,
    ...over,
  };
}

class Facts implements RoutingFacts {
  registered = new Set<string>();
  lookups = new Map<string, string>();
  calls = new Map<string, number>();
  asked: string[] = [];
  async isRegistered(n: string) {
    this.asked.push(`registered:${n}`);
    return this.registered.has(n);
  }
  async lookup(k: string) {
    this.asked.push(`lookup:${k}`);
    return this.lookups.get(k);
  }
  async activeCalls(id: string) {
    this.asked.push(`calls:${id}`);
    return this.calls.get(id) ?? 0;
  }
  faxDids = new Set<string>();
  async isFaxDid(n: string) {
    this.asked.push(`fax-did:${n}`);
    return this.faxDids.has(n);
  }
  fraud = new Map<string, FraudCounts>();
  async fraudCounts(subject: string, cls: string) {
    this.asked.push(`fraud:${cls}:${subject}`);
    return this.fraud.get(`${cls}:${subject}`) ?? NO_COUNTS;
  }
  async ringGroup(ref: string) {
    this.asked.push(`group:${ref}`);
    return undefined;
  }
  async lcrEntries(table: string, number: string) {
    this.asked.push(`lcr:${table}:${number}`);
    return undefined;
  }
  async callee(n: string) {
    this.asked.push(`callee:${n}`);
    return undefined;
  }
}

async function run(yaml: string, ctx: CallContext, facts = new Facts()) {
  const set = compileFromText(yaml);
  return evaluate(set, ctx, facts, { noMatch: 'reject' });
}

const legs = async (yaml: string, ctx: CallContext, facts?: Facts) => {
  const e = await run(yaml, ctx, facts);
  return e.decision.kind === 'route' ? e.decision.plan.legs : e.decision.message;
};

describe('matchers', () => {
  const table: Array<[string, string, Partial<CallContext>, boolean]> = [
    ['exact', 'called: "201"', {}, true],
    ['exact miss', 'called: "202"', {}, false],
    ['list any-of', 'called: ["999", "201"]', {}, true],
    ['prefix', 'called: { prefix: "20" }', {}, true],
    ['in', 'called: { in: ["200", "201"] }', {}, true],
    ['regex', 'called: { regex: "2(\\\\d+)" }', {}, true],
    ['asterisk', 'called: _2XX', {}, true],
    ['asterisk miss', 'called: _3XX', {}, false],
    ['calling', 'calling: "202"', {}, true],
    ['method default excludes REGISTER', 'called: "201"', { method: 'REGISTER' }, false],
    ['method explicit', 'method: OPTIONS', { method: 'OPTIONS' }, true],
    ['from subscriber', 'from: subscriber', {}, true],
    ['from carrier', 'from: carrier', {}, false],
    ['carrier name', 'carrier: primary', { source: { kind: 'carrier', carrier: 'primary' } }, true],
    ['subscriber name', 'subscriber: bob', {}, true],
    ['subscriber realm:name', 'subscriber: "example.com:bob"', {}, true],
    ['cui', 'cui: c1', { source: { kind: 'local-phone', cui: 'c1' } }, true],
    ['firebrick by NAS-Identifier', 'firebrick: fb1.example', {}, true],
    ['firebrick miss', 'firebrick: fb9', {}, false],
    ['redirect only', 'redirect: true', {}, false],
    ['redirect query', 'redirect: true', { redirectCode: 302 }, true],
    ['office hours', 'time: { zone: Europe/London, days: [mon-fri], between: "08:00-18:00" }', {}, true],
    ['outside office hours', 'time: { zone: Europe/London, days: [mon-fri], between: "08:00-18:00", not: true }', {}, false],
    ['weekend', 'time: { days: [sat-sun] }', {}, false],
  ];
  it.each(table)('%s', async (_name, condition, over, matches) => {
    const yaml = `rules:\n  - name: r\n    match: { ${condition} }\n    route: [{ tel: "x" }]\n`;
    const e = await run(yaml, call(over));
    expect(e.rule?.name === 'r').toBe(matches);
  });
});

describe('actions and live facts', () => {
  it('first match wins and the trace says why earlier rules did not match', async () => {
    const e = await run(
      `rules:
  - { name: a, match: { called: "999" }, reject: no }
  - { name: b, match: { called: _2XX }, route: [{ tel: "\${called}" }] }
  - { name: c, route: [{ tel: never }] }
`,
      call(),
    );
    expect(e.rule?.name).toBe('b');
    expect(e.trace.map((t) => [t.rule, t.matched])).toEqual([
      ['a', false],
      ['b', true],
    ]);
    expect(e.trace[0]!.notes[0]).toMatch(/called 201 does not match/);
  });

  it('conditional legs: registered rings, unregistered goes to voicemail', async () => {
    const yaml = `rules:
  - name: ext
    match: { called: _2XX }
    route:
      - { tel: "\${called}", when: { registered: "\${called}" } }
      - { sip: "sip:vm-\${called}@vm", delay: 20, when: { registered: "\${called}" } }
      - { sip: "sip:vm-\${called}@vm", when: { unregistered: "\${called}" } }
`;
    const facts = new Facts();
    facts.registered.add('201');
    expect(await legs(yaml, call(), facts)).toEqual([
      { target: { kind: 'tel', number: '201' } },
      { target: { kind: 'sip', uri: 'sip:vm-201@vm' }, delaySeconds: 20 },
    ]);
    expect(await legs(yaml, call({ called: '203' }))).toEqual([{ target: { kind: 'sip', uri: 'sip:vm-203@vm' } }]);
  });

  it('rewrites with captures, substrings, caller fields and lookups', async () => {
    const facts = new Facts();
    facts.lookups.set('did:441632960100', '205');
    const yaml = `rules:
  - name: strip9
    match: { called: { regex: "9(0\\\\d+)" } }
    cli: "\${caller.number}"
    route: [{ carrier: primary, number: "\${1}" }]
  - name: did
    match: { called: { prefix: "44" }, lookup: { key: "did:\${called}" } }
    let: { ext: "did:\${called}" }
    route: [{ tel: "\${lookup.ext}" }, { sip: "sip:\${called:2}@gw", fallback: true }]
`;
    expect(await legs(yaml, call({ called: '901632960123' }))).toEqual([
      { target: { kind: 'carrier', carrier: 'primary', number: '01632960123' }, cli: '202' },
    ]);
    expect(await legs(yaml, call({ called: '441632960100' }), facts)).toEqual([
      { target: { kind: 'tel', number: '205' } },
      { target: { kind: 'sip', uri: 'sip:1632960100@gw' }, delaySeconds: 999 },
    ]);
  });

  it('fetches every fact the candidates need in one batch, and none for rules ruled out statically', async () => {
    const facts = new Facts();
    await run(
      `rules:
  - { name: a, match: { called: "999", registered: "999" }, route: [{ tel: "999" }] }
  - { name: b, match: { called: _2XX, registered: "\${called}" }, route: [{ tel: "\${called}" }] }
  - { name: c, match: { called: _2XX, lookup: { key: "x:\${called}" } }, route: [{ tel: "\${called}" }] }
  - { name: d, route: [{ tel: "0" }] }
  - { name: e, match: { registered: "777" }, route: [{ tel: "7" }] }
`,
      call(),
      facts,
    );
    expect(facts.asked.sort()).toEqual(['lookup:x:201', 'registered:201']);
  });

  it('concurrent-call limits: numeric and the subscriber limit', async () => {
    const facts = new Facts();
    facts.calls.set('example.com:bob', 2);
    const yaml = `rules:
  - { name: ok, match: { activeCalls: { below: limit } }, route: [{ tel: "1" }] }
  - { name: over, reject: Too many calls }
`;
    expect((await run(yaml, call(), facts)).rule?.name).toBe('over');
    facts.calls.set('example.com:bob', 1);
    expect((await run(yaml, call(), facts)).rule?.name).toBe('ok');
  });

  it('the trace of a call limit counts in words that agree', async () => {
    const facts = new Facts();
    facts.calls.set('example.com:bob', 1);
    const e = await run('rules:\n  - { name: one, match: { activeCalls: { below: 1 } }, route: [{ tel: "1" }] }\n', call(), facts);
    expect(e.trace[0]!.notes).toContain('caller has 1 active call (limit 1)');
  });

  it('no match rejects by default; every leg skipped rejects', async () => {
    const e = await run('rules:\n  - { name: a, match: { called: "1" }, reject: x }\n', call());
    expect(e.decision).toEqual({ kind: 'reject', message: 'No route to destination' });
    const skipped = await run('rules:\n  - { name: a, route: [{ tel: "1", when: { registered: "1" } }] }\n', call());
    expect(skipped.decision.kind).toBe('reject');
  });

  it('redirect and extras', async () => {
    const e = await run(
      `rules:
  - { name: r, match: { called: "300" }, redirect: "sip:\${called}@elsewhere" }
  - { name: x, displayName: Reception, record: rec@example.com, route: [{ tel: "1" }] }
`,
      call({ called: '300' }),
    );
    expect(e.decision).toEqual({ kind: 'route', plan: { legs: [], redirect: 'sip:300@elsewhere' } });
    const x = await run('rules:\n  - { name: x, displayName: Reception, record: rec@example.com, route: [{ tel: "1" }] }\n', call());
    expect(x.decision).toEqual({ kind: 'route', plan: { legs: [{ target: { kind: 'tel', number: '1' } }], displayName: 'Reception', recordingEmail: 'rec@example.com' } });
  });
});

describe('faxDid condition (one number plan for voice and fax)', () => {
  const yaml = `
rules:
  - name: fax DID
    match: { from: carrier, faxDid: "\${called}" }
    route: [{ sip: "sip:\${called}@fax.example.com" }]
  - name: voice
    match: { from: carrier }
    route: [{ tel: "\${called}" }]
`;
  it('routes an enabled fax DID to the port server and any other number by the next rule', async () => {
    const facts = new Facts();
    facts.faxDids.add('5551231234');
    const fax = await run(yaml, call({ called: '5551231234', source: { kind: 'carrier', carrier: 'c1' } }), facts);
    expect(fax.decision.kind === 'route' && fax.decision.plan.legs.map((l) => l.target)).toEqual([{ kind: 'sip', uri: 'sip:5551231234@fax.example.com' }]);
    expect(facts.asked).toContain('fax-did:5551231234');
    const voice = await run(yaml, call({ called: '201', source: { kind: 'carrier', carrier: 'c1' } }), facts);
    expect(voice.decision.kind === 'route' && voice.decision.plan.legs.map((l) => l.target)).toEqual([{ kind: 'tel', number: '201' }]);
  });
});

describe('fraud condition (the fraud guard\'s counters)', () => {
  const yaml = `
rules:
  - name: international while quiet
    match: { called: { prefix: "00" }, fraud: { class: international, metric: callsPerMinute, below: 3 } }
    route: [{ carrier: primary }]
  - name: international otherwise
    match: { called: { prefix: "00" } }
    route:
      - carrier: cheap
        when: { fraud: { class: international, metric: minutesPerHour, below: 30 } }
      - carrier: premium-carrier
        fallback: true
`;
  const carriers = async (ctx: CallContext, facts: Facts) => {
    const e = await run(yaml, ctx, facts);
    return e.decision.kind === 'route' ? e.decision.plan.legs.map((l) => (l.target.kind === 'carrier' ? l.target.carrier : l.target.kind)) : e.decision.message;
  };
  const intl = { called: '0033123456789' };

  it('reads the subscriber\'s counters in the class, and holds while the metric is below the level', async () => {
    const facts = new Facts();
    facts.fraud.set('international:subscriber:example.com:bob', { ...NO_COUNTS, calls: 2 });
    expect(await carriers(call(intl), facts)).toEqual(['primary']);
    expect(facts.asked).toContain('fraud:international:subscriber:example.com:bob');
    facts.fraud.set('international:subscriber:example.com:bob', { ...NO_COUNTS, calls: 3, secondsHour: 29 * 60 });
    expect(await carriers(call(intl), facts)).toEqual(['cheap', 'premium-carrier']);
    facts.fraud.set('international:subscriber:example.com:bob', { ...NO_COUNTS, calls: 3, secondsHour: 30 * 60 });
    expect(await carriers(call(intl), facts)).toEqual(['premium-carrier']);
  });

  it('says why it failed in the evaluation trace', async () => {
    const facts = new Facts();
    facts.fraud.set('international:subscriber:example.com:bob', { ...NO_COUNTS, calls: 3 });
    const e = await run(yaml, call(intl), facts);
    expect(e.rule?.name).toBe('international otherwise');
    expect(JSON.stringify(e)).toContain('subscriber:example.com:bob has 3 calls per minute in international (below 3 wanted)');
  });

  it('reads a local phone by its CUI, else the source address; a carrier is no subject and has used nothing', async () => {
    const facts = new Facts();
    facts.fraud.set('international:cui:c1', { ...NO_COUNTS, calls: 5 });
    facts.fraud.set('international:source:192.0.2.7', { ...NO_COUNTS, calls: 5 });
    expect(await carriers(call({ ...intl, source: { kind: 'local-phone', cui: 'c1' } }), facts)).toEqual(['cheap', 'premium-carrier']);
    expect(await carriers(call({ ...intl, source: { kind: 'unknown' }, sourceAddress: '192.0.2.7' }), facts)).toEqual(['cheap', 'premium-carrier']);
    const asked = facts.asked.length;
    expect(await carriers(call({ ...intl, source: { kind: 'carrier', carrier: 'c1' }, sourceAddress: '192.0.2.7' }), facts)).toEqual(['primary']);
    expect(facts.asked.slice(asked).filter((a) => a.startsWith('fraud:'))).toEqual([]);
  });

  it('refuses an unknown metric or a missing level at load', () => {
    expect(() => compileFromText('rules:\n  - { name: x, match: { fraud: { class: international, metric: callsPerHour, below: 3 } }, route: [] }\n')).toThrow(/metric/);
    expect(() => compileFromText('rules:\n  - { name: x, match: { fraud: { class: international, metric: concurrent } }, route: [] }\n')).toThrow(/below/);
  });
});
