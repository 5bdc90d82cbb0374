// Rules a client's FireBrick cannot carry are refused when the rules load, naming the client and the
// rule's position: today, a redirect for a client whose routing model makes SIP-AOR a leg (spec §4.4, §9.3).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/text/yaml-validation.js';
import { DEFAULT_PROFILE, type FirebrickProfile } from '../../src/firebrick/profile.js';
import { fitsClients, loadRules, RuleSetHolder, type RuleClient } from '../../src/rules/index.js';
import { ruleDir } from './compile-helper.js';

const v124: FirebrickProfile = DEFAULT_PROFILE;
const v125: FirebrickProfile = { ...DEFAULT_PROFILE, routingModel: 'v1.25' };
const CLIENTS: RuleClient[] = [
  { name: 'fb-new', firebrick: v124 },
  { name: 'fb-old', firebrick: v125 },
];
const REFUSAL = 'uses routingModel v1.25, where SIP-AOR creates a leg and cannot redirect (spec §4.4, §9.3)';

const redirectRule = (match = ''): string =>
  `rules:\n  - name: inbound\n    route: [{ tel: "201" }]\n    match: { called: "201" }\n  - name: desk\n${match}    redirect: sip:desk@pbx.example.com\n`;

function problemsFor(text: string, clients: readonly RuleClient[]): string[] {
  const r = loadRules(ruleDir({ '50-x.yaml': text }), fitsClients(clients));
  return r.ok ? [] : r.problems.map((p) => formatProblem({ ...p, file: p.file.replace(/^.*\//, '') }));
}

describe('rules that a client cannot carry', () => {
  it('refuses a redirect that can reach a v1.25 client, at the rule, naming the client', () => {
    expect(problemsFor(redirectRule(), CLIENTS)).toEqual([`50-x.yaml:6:15: rules[1].redirect: client "fb-old" ${REFUSAL}`]);
  });

  it('names every v1.25 client the rule can reach', () => {
    const clients = [...CLIENTS, { name: 'fb-older', firebrick: v125 }];
    expect(problemsFor(redirectRule('    match: { firebrick: [fb-old, fb-older] }\n'), clients)).toEqual([
      `50-x.yaml:7:15: rules[1].redirect: client "fb-old" ${REFUSAL}`,
      `50-x.yaml:7:15: rules[1].redirect: client "fb-older" ${REFUSAL}`,
    ]);
  });

  it('accepts a redirect restricted to clients that can redirect', () => {
    expect(problemsFor(redirectRule('    match: { firebrick: fb-new }\n'), CLIENTS)).toEqual([]);
    expect(problemsFor(redirectRule('    match: { firebrick: [fb-new], from: carrier }\n'), CLIENTS)).toEqual([]);
  });

  it('accepts any redirect when no client uses v1.25, and any rule set without redirects', () => {
    expect(problemsFor(redirectRule(), [{ name: 'fb-new', firebrick: v124 }])).toEqual([]);
    expect(problemsFor(redirectRule(), [])).toEqual([]);
    expect(problemsFor('rules:\n  - { name: a, route: [{ tel: "201" }] }\n', CLIENTS)).toEqual([]);
  });

  it('counts a firebrick value that is no client name as possibly any client (it may be a NAS-Identifier)', () => {
    expect(problemsFor(redirectRule('    match: { firebrick: [fb-new, office.example.com] }\n'), CLIENTS)).toEqual([
      `50-x.yaml:7:15: rules[1].redirect: client "fb-old" ${REFUSAL}; match.firebrick "office.example.com" is no client name, so it may be the NAS-Identifier that client sends`,
    ]);
  });

  it('reports nothing about clients while the files themselves have problems', () => {
    const found = problemsFor(`${redirectRule()}  - { name: broken }\n`, CLIENTS);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/rules\[2\]: a rule needs exactly one of route, reject or redirect/);
  });
});

describe('the rule set holder with a client check', () => {
  it('refuses to open a set that does not fit the clients', () => {
    const opened = RuleSetHolder.open(ruleDir({ 'a.yaml': redirectRule() }), () => {}, fitsClients(CLIENTS));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.problems.map(formatProblem).join('\n')).toContain(`client "fb-old" ${REFUSAL}`);
  });

  it('refuses a reload against a new client table and keeps the running set; later reloads use that table', () => {
    const dir = ruleDir({ 'a.yaml': redirectRule() });
    const reports: boolean[] = [];
    const opened = RuleSetHolder.open(dir, (r) => reports.push(r.ok), fitsClients([{ name: 'fb-old', firebrick: v124 }]));
    if (!opened.ok) throw new Error(opened.problems.map(formatProblem).join('\n'));
    const holder = opened.holder;
    const running = holder.current;
    // SIGHUP: fb-old now says v1.25.
    const refused = holder.reload(fitsClients(CLIENTS));
    expect(refused.ok).toBe(false);
    expect(refused.problems.map(formatProblem)).toEqual([`${join(dir, 'a.yaml')}:6:15: rules[1].redirect: client "fb-old" ${REFUSAL}`]);
    expect(holder.current).toBe(running);
    // A file change is checked against the newest client table.
    writeFileSync(join(dir, 'a.yaml'), `${redirectRule()}  - { name: extra, route: [] }\n`);
    expect(holder.reload().ok).toBe(false);
    expect(holder.current).toBe(running);
    writeFileSync(join(dir, 'a.yaml'), redirectRule('    match: { firebrick: fb-new }\n'));
    expect(holder.reload().ok).toBe(true);
    expect(holder.current.rules.map((r) => r.name)).toEqual(['inbound', 'desk']);
    expect(reports).toEqual([false, false, true]);
  });
});
