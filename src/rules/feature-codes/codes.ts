// Feature codes (issue 18): a phone dials `*21*202#` and its subscriber's forward is set, as on
// BroadWorks or Asterisk. Pure: which code a dialled number is, and what it makes of the caller's
// features with the confirmation its phone shows (the Reply-Message of an Access-Reject, spec §5).
import {
  COMMON_FEATURE_CODES,
  type FeatureCodeAction,
  type FeatureCodeSpec,
  type FeatureCodesProfile,
} from '../../firebrick/profile.js';
import { DEFAULT_NO_ANSWER_SECONDS, formatFeatureTarget, type CallFeatures, type FeatureTarget } from '../features/call-features.js';

/** A dialled number that is a code: its action, and the number and seconds it carries. */
export interface DialledCode {
  readonly code: string;
  readonly action: FeatureCodeAction;
  readonly number?: string;
  readonly seconds?: number;
}

const NEEDS_NUMBER: ReadonlySet<FeatureCodeAction> = new Set(['forward', 'forward-no-answer', 'forward-unreachable']);

/** Why a code's pattern cannot be used, or undefined (checked when the configuration loads). */
export function patternProblem(spec: FeatureCodeSpec): string | undefined {
  if (!/^[0-9*#NS]+$/.test(spec.pattern)) return 'a pattern has digits, "*", "#", N (a number) and S (seconds) only';
  const n = spec.pattern.split('N').length - 1;
  const s = spec.pattern.split('S').length - 1;
  if (n > 1 || s > 1) return 'N and S stand at most once each';
  if (NEEDS_NUMBER.has(spec.action) !== (n === 1)) return NEEDS_NUMBER.has(spec.action) ? `"${spec.action}" needs N, the number to forward to` : `"${spec.action}" takes no N`;
  if (s === 1 && spec.action !== 'forward-no-answer') return 'S (seconds) goes only with "forward-no-answer"';
  if (/NS|SN/.test(spec.pattern)) return 'N and S need a "*" or "#" between them';
  return undefined;
}

export interface FeatureCodeMatcher {
  match(dialled: string): DialledCode | undefined;
}

/** The client's own codes first, then the preset's. Patterns were checked by the configuration schema. */
export function compileFeatureCodes(profile: FeatureCodesProfile): FeatureCodeMatcher {
  const specs = [...profile.codes, ...(profile.preset === 'common' ? COMMON_FEATURE_CODES : [])];
  const compiled = specs.map((spec) => {
    const order: Array<'N' | 'S'> = [];
    const source = spec.pattern.replace(/[*#]|N|S|\d/g, (ch) => {
      if (ch === 'N' || ch === 'S') {
        order.push(ch);
        return ch === 'N' ? '(\\+?\\d+)' : '(\\d{1,3})';
      }
      return ch === '*' ? '\\*' : ch;
    });
    return { spec, re: new RegExp(`^${source}$`), order };
  });
  return {
    match(dialled) {
      for (const { spec, re, order } of compiled) {
        const m = re.exec(dialled);
        if (!m) continue;
        const at = (k: 'N' | 'S'): string | undefined => (order.indexOf(k) >= 0 ? m[order.indexOf(k) + 1] : undefined);
        const number = at('N');
        const seconds = at('S');
        return { code: dialled, action: spec.action, ...(number !== undefined ? { number } : {}), ...(seconds !== undefined ? { seconds: Number(seconds) } : {}) };
      }
      return undefined;
    },
  };
}

export interface CodeOutcome {
  readonly features: CallFeatures;
  /** The confirmation the phone shows. */
  readonly message: string;
}

function without<K extends keyof CallFeatures>(f: CallFeatures, ...keys: K[]): CallFeatures {
  const out: Record<string, unknown> = { ...f };
  for (const k of keys) delete out[k];
  return out as CallFeatures;
}

/** `target` is where the code's number goes (tel:N, or N@carrier: the caller decides, app/firebrick/feature-code.ts). */
export function applyFeatureCode(features: CallFeatures, code: DialledCode, target: FeatureTarget | undefined): CodeOutcome {
  // The phone shows the number as dialled, not the route-list form it became.
  const to = code.number ?? (target ? formatFeatureTarget(target) : '');
  switch (code.action) {
    case 'forward':
      return { features: { ...features, forward: target! }, message: `Call forwarding on to ${to}` };
    case 'forward-off':
      return { features: without(features, 'forward'), message: 'Call forwarding off' };
    case 'forward-no-answer': {
      const seconds = code.seconds ?? features.noAnswerSeconds ?? DEFAULT_NO_ANSWER_SECONDS;
      return {
        features: { ...features, forwardNoAnswer: target!, ...(code.seconds !== undefined ? { noAnswerSeconds: code.seconds } : {}) },
        message: `No-answer forwarding on to ${to} after ${seconds} s`,
      };
    }
    case 'forward-no-answer-off':
      return { features: without(features, 'forwardNoAnswer'), message: 'No-answer forwarding off' };
    case 'forward-unreachable':
      return { features: { ...features, forwardUnreachable: target! }, message: `Unreachable forwarding on to ${to}` };
    case 'forward-unreachable-off':
      return { features: without(features, 'forwardUnreachable'), message: 'Unreachable forwarding off' };
    case 'dnd-on':
      return { features: { ...features, dnd: true }, message: 'Do not disturb on' };
    case 'dnd-off':
      return { features: without(features, 'dnd'), message: 'Do not disturb off' };
  }
}
