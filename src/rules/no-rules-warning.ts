// An empty rule set is valid, and almost never meant: with no rule to match, every call gets the
// no-match decision. `firebridge check` and the server (at start and on each reload) say so.
import type { EngineOptions } from './engine.js';

export function noRulesWarning(rules: number, noMatch: EngineOptions['noMatch']): string | undefined {
  if (rules > 0) return undefined;
  return noMatch === 'firebrick'
    ? "no routing rules: every call will be routed by the FireBrick's own configuration (rules.noMatch: firebrick)"
    : 'no routing rules: every call will be rejected (rules.noMatch: reject)';
}
