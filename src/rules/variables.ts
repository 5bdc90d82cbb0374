// The template variables of one evaluation (README → "Routing rules" → Variables): what `${called}`,
// `${caller.number}`, `${lookup.did}`, `${callee.forward}` read, and the names a template may use.
// Its own file, below the compiler and the legs that render templates, so none of them import another.
import { callerSubscriber } from './call-context.js';
import type { Scope } from './compiled.js';
import { CALLEE_VARIABLES, calleeVariable } from './features/variables.js';

/** Template variables of one evaluation (README → "Routing rules" → Variables). */
export function vars(s: Scope): { get(name: string): string | undefined } {
  return {
    get(name) {
      if (/^\d$/.test(name)) return s.captures[Number(name)];
      const ctx = s.ctx;
      switch (name) {
        case 'called':
          return ctx.called;
        case 'calling':
          return ctx.calling;
        case 'method':
          return ctx.method;
        case 'firebrick':
          return ctx.firebrick.client;
        case 'carrier':
          return ctx.source.kind === 'carrier' ? ctx.source.carrier : undefined;
        case 'caller.number':
          return callerSubscriber(ctx.source)?.number;
        case 'caller.username':
          return callerSubscriber(ctx.source)?.username;
        case 'caller.realm':
          return callerSubscriber(ctx.source)?.realm;
        case 'caller.cui':
          return ctx.source.kind === 'local-phone' ? ctx.source.cui : callerSubscriber(ctx.source)?.cui;
        case 'caller.cli':
          return ctx.calling;
      }
      if (name.startsWith('lookup.')) return s.lookups.get(name.slice(7));
      if (name.startsWith('callee.')) return calleeVariable(s.callee, name);
      return undefined;
    },
  };
}

export const FIXED_VARIABLES = [
  'called',
  'calling',
  'method',
  'firebrick',
  'carrier',
  'caller.number',
  'caller.username',
  'caller.realm',
  'caller.cui',
  'caller.cli',
  ...CALLEE_VARIABLES,
] as const;
