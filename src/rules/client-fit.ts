// Rules a client's FireBrick cannot carry, found when the rules load (at start, on every reload, by
// `firebridge check` and `firebridge route`) rather than when a call reaches them. Today that is a
// redirect for a client whose routing model makes every SIP-AOR a leg (spec §4.4, §9.3). Pure: the
// composition passes the client table in.
import type { SourceProblem } from '../text/yaml-validation.js';
import { redirectRefusal } from '../firebrick/encode-decision.js';
import type { FirebrickProfile } from '../firebrick/profile.js';
import type { CompiledRule, RuleSet } from './compiled.js';
import type { RuleSetCheck } from './load.js';

/** A RADIUS client as the configuration gives it: its name and FireBrick profile. */
export interface RuleClient {
  readonly name: string;
  readonly firebrick: FirebrickProfile;
}

/**
 * Whether a rule can apply to a client. `match.firebrick` matches the client name or the
 * NAS-Identifier (compile-conditions.ts); a value that is no client name may be the NAS-Identifier
 * of any box, which is known only when it asks, so such a value reaches every client.
 */
function reach(rule: CompiledRule, client: RuleClient, clientNames: ReadonlySet<string>): { readonly viaNasIdentifier?: string } | undefined {
  if (rule.firebricks === undefined || rule.firebricks.includes(client.name)) return {};
  const other = rule.firebricks.find((value) => !clientNames.has(value));
  return other === undefined ? undefined : { viaNasIdentifier: other };
}

export function clientProblems(ruleSet: RuleSet, clients: readonly RuleClient[]): SourceProblem[] {
  const names = new Set(clients.map((c) => c.name));
  const problems: SourceProblem[] = [];
  for (const rule of ruleSet.rules) {
    if (rule.action.kind !== 'redirect') continue;
    for (const client of clients) {
      const refusal = redirectRefusal(client.firebrick);
      const reached = refusal !== undefined ? reach(rule, client, names) : undefined;
      if (!reached) continue;
      const hint = reached.viaNasIdentifier
        ? `; match.firebrick "${reached.viaNasIdentifier}" is no client name, so it may be the NAS-Identifier that client sends`
        : '';
      problems.push({ ...rule.action.place, message: `client "${client.name}" ${refusal}${hint}` });
    }
  }
  return problems;
}

/**
 * The check the composition hands to loadRules and RuleSetHolder for the clients it serves. Only
 * FireBricks run the rules; other kinds of client (FaxBack port servers) are passed over.
 */
export function fitsClients(clients: ReadonlyArray<RuleClient | { readonly kind: 'faxback' }>): RuleSetCheck {
  const firebricks = clients.filter((c): c is RuleClient => !('kind' in c) || c.kind !== 'faxback');
  return (ruleSet) => clientProblems(ruleSet, firebricks);
}
