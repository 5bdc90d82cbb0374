// Conditions on the dialled number's call features (`dnd`, `forwarding`, `calleeFeatures`): each asks
// for the `callee` fact of the dialled number, fetched in the evaluation's one batch.
import type { LiveCondition, Scope } from '../compiled.js';
import { factKey, type FactRequest, type FactValues } from '../facts.js';
import type { ConditionSpec } from '../schema.js';
import { hasFeatures } from './call-features.js';
import type { Callee } from './callee.js';

export function calleeFact(scope: Scope): FactRequest | undefined {
  const number = scope.ctx.called;
  return number === undefined || number === '' ? undefined : { kind: 'callee', number };
}

export function calleeOf(scope: Scope, facts: FactValues): Callee | undefined {
  const request = calleeFact(scope);
  return request ? (facts.get(factKey(request)) as Callee | undefined) : undefined;
}

function flag(field: string, want: boolean, read: (c: Callee) => boolean, words: [string, string]): LiveCondition {
  return {
    facts: (s) => {
      const f = calleeFact(s);
      return f ? [f] : [];
    },
    test: (s, facts) => {
      const callee = calleeOf(s, facts);
      const is = callee !== undefined && read(callee);
      if (is === want) return undefined;
      const who = callee ? `${callee.number} (${callee.username})` : `${s.ctx.called ?? '(none)'} (no subscriber's number)`;
      return `${field}: ${who} ${is ? words[0] : words[1]}`;
    },
  };
}

export function compileFeatureConditions(spec: ConditionSpec): LiveCondition[] {
  const parts: LiveCondition[] = [];
  if (spec.dnd !== undefined) parts.push(flag('dnd', spec.dnd, (c) => c.features.dnd === true, ['is on do not disturb', 'is not on do not disturb']));
  if (spec.forwarding !== undefined) {
    parts.push(flag('forwarding', spec.forwarding, (c) => c.features.forward !== undefined, ['forwards every call', 'does not forward every call']));
  }
  if (spec.calleeFeatures !== undefined) {
    parts.push(flag('calleeFeatures', spec.calleeFeatures, (c) => hasFeatures(c.features), ['has call features', 'has no call features']));
  }
  return parts;
}
