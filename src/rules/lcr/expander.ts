// The rule leg `lcr: TABLE` (README → Least-cost routing): its table's entries for the number are
// one fact of the evaluation's batch (one round trip), expanded by selectLcr to `@carrier` legs.
// Tables are data, created after rules: a table missing at evaluation time skips the leg, noted.
import { vars } from '../variables.js';
import type { ExpandedLeg, LegExpander, Scope } from '../compiled.js';
import { factKey, type FactRequest } from '../facts.js';
import type { Template } from '../template/index.js';
import { LCR_NUMBER, type LcrPrefixEntries } from './entry.js';
import { describeSelection, lcrLegs, MAX_LCR_LEGS, selectLcr } from './select.js';

export interface LcrLegSpec {
  readonly table: string;
  /** The number looked up and dialled; default the dialled number (`${called}`). */
  readonly number?: Template;
  /** Most legs placed, best first. */
  readonly max?: number;
}

export function lcrExpander(spec: LcrLegSpec): LegExpander {
  const { table } = spec;
  const numberOf = (scope: Scope): string | undefined => (spec.number ? spec.number.render(vars(scope)) : scope.ctx.called);
  const request = (number: string): FactRequest => ({ kind: 'lcr-entries', table, number });
  return {
    facts(scope) {
      const number = numberOf(scope);
      return number !== undefined && LCR_NUMBER.test(number) ? [request(number)] : [];
    },
    expand(scope, facts, notes): ExpandedLeg[] {
      const none = (why: string): ExpandedLeg[] => {
        notes.push(why);
        return [];
      };
      const number = numberOf(scope);
      if (number === undefined) return none(`lcr ${table}: the number has no value`);
      if (!LCR_NUMBER.test(number)) return none(`lcr ${table}: "${number}" is not a number (digits, optionally a leading +)`);
      const found = facts.get(factKey(request(number))) as readonly LcrPrefixEntries[] | undefined;
      if (found === undefined) return none(`no LCR table ${table}`);
      const selection = selectLcr(found, scope.ctx.at, spec.max ?? MAX_LCR_LEGS);
      notes.push(describeSelection(table, number, scope.ctx.called, selection));
      return lcrLegs(selection.chosen, number, scope.ctx.called);
    },
  };
}
