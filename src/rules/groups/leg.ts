// The rule leg `group: NAME` (or `group: "${called}"`): its destinations are the members of a ring
// group the store holds, fetched in the evaluation's one batch (facts.ts `group`). A group that does
// not exist when the call comes is no error of the rule file (groups change without a reload): the
// leg expands to nothing, with a note, and the engine skips it.
import type { LegExpander } from '../compiled.js';
import { vars } from '../variables.js';
import { factKey } from '../facts.js';
import type { Template } from '../template/index.js';
import { expandGroup } from './expand.js';
import type { GroupCall } from './group.js';

export function groupExpander(ref: Template): LegExpander {
  return {
    facts(scope) {
      const rendered = ref.render(vars(scope));
      return rendered === undefined ? [] : [{ kind: 'group', ref: rendered }];
    },
    expand(scope, facts, notes) {
      const rendered = ref.render(vars(scope));
      if (rendered === undefined) {
        notes.push(`group ${JSON.stringify(ref.source)} has no value`);
        return [];
      }
      const found = facts.get(factKey({ kind: 'group', ref: rendered })) as GroupCall | undefined;
      if (!found) {
        notes.push(`no ring group named or numbered ${JSON.stringify(rendered)}`);
        return [];
      }
      const expansion = expandGroup(found.group, found.position);
      notes.push(expansion.note);
      return [...expansion.legs];
    },
  };
}
