// `firebridge subscriber set … --forward 202 --dnd on …`: a subscriber's call features as options
// (README → Call features). Each value is read with the route-list parsers (spec §4.2) as the option
// is parsed, so a bad one is refused with its reason before anything is written.
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_NO_ANSWER_SECONDS, parseFeatureTarget, parseFollowMeLeg, parseVoicemail, type FeatureTarget } from '../rules/features/call-features.js';
import { NOT_ON_OFF, parseOnOff } from '../app/on-off.js';
import type { FeatureOptions } from '../app/subscriber-features.js';

// Moved to src/app/ so the admin API shares them; kept here for the commands' imports.
export { applyFeatureOptions, describeFeatures, featureProblem, type FeatureOptions } from '../app/subscriber-features.js';

function target(value: string): FeatureTarget {
  const parsed = parseFeatureTarget(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
  return parsed.target;
}

/** Comma-separated, and the option may be repeated: each adds to the list. */
function listOf<T>(read: (item: string) => T): (value: string, previous: T[] | false | undefined) => T[] {
  return (value, previous) => [...(previous || []), ...value.split(',').filter((x) => x.trim() !== '').map(read)];
}

function oneOf<T extends string>(values: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(values as readonly string[]).includes(value)) throw new InvalidArgumentError(`use ${values.join(' or ')}`);
    return value as T;
  };
}

export function withFeatureOptions(cmd: Command): Command {
  return cmd
    .option('--forward <destination>', 'forward every call: a number, tel:N, sip:URI, N@carrier, @carrier or voicemail', target)
    .option('--no-forward', 'stop forwarding every call')
    .option('--forward-mode <mode>', 'legs (default: the forward is the call\'s leg) or redirect (a 302 to a sip: forward, spec §4.5)', oneOf(['legs', 'redirect'] as const))
    .option('--forward-no-answer <destination>', 'forward when nobody answers within --answer-timeout', target)
    .option('--no-forward-no-answer', 'stop the no-answer forward')
    .option('--answer-timeout <seconds>', `seconds the phones ring before the no-answer forward (default ${DEFAULT_NO_ANSWER_SECONDS})`, (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 998) throw new InvalidArgumentError('seconds, 0 to 998');
      return n;
    })
    .option('--forward-unreachable <destination>', 'forward when every other leg failed (the fallback leg)', target)
    .option('--no-forward-unreachable', 'stop the unreachable forward')
    .option('--dnd <on|off>', 'do not disturb', (v: string) => {
      const on = parseOnOff(v);
      if (on === undefined) throw new InvalidArgumentError(`"${v}" ${NOT_ON_OFF}`);
      return on;
    })
    .option('--dnd-mode <mode>', 'what do-not-disturb does: reject (default, with a message) or voicemail (voicemail only)', oneOf(['reject', 'voicemail'] as const))
    .option('--voicemail <uri>', 'the subscriber\'s voicemail, a sip: URI (where "voicemail" destinations go)', (v: string) => {
      const parsed = parseVoicemail(v);
      if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
      return parsed.uri;
    })
    .option('--no-voicemail', 'remove the voicemail URI')
    .option('--follow-me <legs>', 'ring these too, each [DELAY+]destination ("202,15+sip:x@y"); repeatable; replaces the list', listOf((item) => {
      const parsed = parseFollowMeLeg(item);
      if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
      return parsed.leg;
    }))
    .option('--no-follow-me', 'clear the follow-me list')
    .option('--sim-ring <destinations>', 'ring these at once with the subscriber\'s phones; repeatable; replaces the list', listOf(target))
    .option('--no-sim-ring', 'clear the simultaneous-ring list');
}

