// The `features:` leg: the callee's own phones with its features (expand.ts), as the engine's
// LegExpander (compiled.ts). The number is a template (`${called}`, or a DID's extension from a lookup).
import type { LegExpander, Scope } from '../compiled.js';
import { vars } from '../variables.js';
import { factKey, type FactValues } from '../facts.js';
import type { Template } from '../template/index.js';
import type { Callee } from './callee.js';
import { expandFeatures, type FeatureOutcome } from './expand.js';

export function featuresLeg(number: Template): LegExpander {
  const numberOf = (s: Scope): string | undefined => number.render(vars(s));
  const outcome = (s: Scope, facts: FactValues, notes: string[]): FeatureOutcome | undefined => {
    const n = numberOf(s);
    if (n === undefined) {
      notes.push(`features: ${number.source} has no value`);
      return undefined;
    }
    const callee = facts.get(factKey({ kind: 'callee', number: n })) as Callee | undefined;
    // A number that is no subscriber's rings its registrations, as a tel: leg would.
    if (!callee) return { kind: 'legs', legs: [{ target: { kind: 'tel', number: n } }] };
    return expandFeatures(callee, { canRedirect: s.ctx.firebrick.routingModel !== 'v1.25' }, notes);
  };
  return {
    facts: (s) => {
      const n = numberOf(s);
      return n === undefined ? [] : [{ kind: 'callee', number: n }];
    },
    answer: (s, facts, notes) => {
      const o = outcome(s, facts, notes);
      return o && o.kind !== 'legs' ? o : undefined;
    },
    expand: (s, facts) => {
      // Notes were written by answer(), which the engine asks first.
      const o = outcome(s, facts, []);
      return o?.kind === 'legs' ? [...o.legs] : [];
    },
  };
}
