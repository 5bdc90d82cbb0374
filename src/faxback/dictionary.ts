// The FaxBack dictionary firebridge runs with: the built-in table (attributes.ts, spec §8.1) with the
// operator's file merged over it (spec §8.2, §8.3). The file wins every conflict, and each conflict is
// returned as a warning naming both sides, for the caller to log loudly at startup. The result
// answers name → number (undefined: unnumbered, cannot be sent or recognised), number → name and
// type, and value names.
import type { SourceProblem } from '../text/yaml-validation.js';
import {
  FAXBACK_ATTRIBUTES,
  FAXBACK_VALUES,
  type AttributeSpec,
  type AttributeUse,
  type FaxbackAttributeName,
  type WireType,
} from './attributes.js';
import type { DictionaryFile, Position } from './dictionary-file.js';
import type { FaxbackProfile } from './profile.js';

export interface DictionaryAttribute {
  /** The built-in spelling when the file names a built-in attribute in another case. */
  readonly name: string;
  readonly number: number | undefined;
  readonly type: WireType;
  /** Empty for an attribute only the file knows. */
  readonly use: readonly AttributeUse[];
}

export class FaxbackDictionary {
  private readonly byLowerName = new Map<string, DictionaryAttribute>();
  private readonly byNumberMap = new Map<number, DictionaryAttribute>();
  /** lower-case attribute name → value name → number, and number → value name. */
  private readonly valueNumbers = new Map<string, Map<string, number>>();
  private readonly valueNames = new Map<string, Map<number, string>>();

  constructor(attributes: readonly DictionaryAttribute[], values: ReadonlyArray<readonly [attribute: string, name: string, value: number]>) {
    for (const a of attributes) {
      this.byLowerName.set(a.name.toLowerCase(), a);
      if (a.number !== undefined) this.byNumberMap.set(a.number, a);
    }
    for (const [attribute, name, value] of values) {
      const key = attribute.toLowerCase();
      if (!this.valueNumbers.has(key)) {
        this.valueNumbers.set(key, new Map());
        this.valueNames.set(key, new Map());
      }
      this.valueNumbers.get(key)!.set(name.toLowerCase(), value);
      // The first name given for a number is the one shown (later ones are aliases).
      if (!this.valueNames.get(key)!.has(value)) this.valueNames.get(key)!.set(value, name);
    }
  }

  /** Names compare case-insensitively, as in FreeRADIUS. */
  attribute(name: string): DictionaryAttribute | undefined {
    return this.byLowerName.get(name.toLowerCase());
  }

  /** Undefined: the attribute has no number yet, so it cannot be sent or recognised. */
  numberOf(name: FaxbackAttributeName | string): number | undefined {
    return this.attribute(name)?.number;
  }

  byNumber(number: number): DictionaryAttribute | undefined {
    return this.byNumberMap.get(number);
  }

  valueName(attribute: string, value: number): string | undefined {
    return this.valueNames.get(attribute.toLowerCase())?.get(value);
  }

  valueOf(attribute: string, valueName: string): number | undefined {
    return this.valueNumbers.get(attribute.toLowerCase())?.get(valueName.toLowerCase());
  }

  attributes(): DictionaryAttribute[] {
    return [...this.byLowerName.values()];
  }
}

function builtInValues(): Array<readonly [string, string, number]> {
  return Object.entries(FAXBACK_VALUES).flatMap(([attribute, names]) => Object.entries(names!).map(([name, value]) => [attribute, name, value] as const));
}

function builtInAttributes(): DictionaryAttribute[] {
  return Object.entries(FAXBACK_ATTRIBUTES).map(([name, spec]: [string, AttributeSpec]) => ({
    name,
    number: spec.number,
    type: spec.type,
    use: spec.use,
  }));
}

/** The built-in table alone: what firebridge knows without a dictionary file (spec §8.1). */
export const BUILT_IN_DICTIONARY = new FaxbackDictionary(builtInAttributes(), builtInValues());

export interface LoadedDictionary {
  readonly dictionary: FaxbackDictionary;
  /** Every place the file overrides the built-in table, at the file line that does (spec §8.3). */
  readonly warnings: SourceProblem[];
}

/** The built-in table with `file` merged over it; without a file, the built-in table and no warnings. */
export function loadDictionary(file?: DictionaryFile): LoadedDictionary {
  if (!file) return { dictionary: BUILT_IN_DICTIONARY, warnings: [] };
  const warnings: SourceProblem[] = [];
  const warn = (at: Position, message: string): void => {
    warnings.push({ file: file.file, line: at.line, column: at.column, path: '', message });
  };
  const fileByName = new Map(file.attributes.map((a) => [a.name.toLowerCase(), a]));
  const fileByNumber = new Map(file.attributes.map((a) => [a.number, a]));
  const attributes: DictionaryAttribute[] = [];
  for (const builtIn of builtInAttributes()) {
    const fromFile = fileByName.get(builtIn.name.toLowerCase());
    if (fromFile) {
      if (builtIn.number !== undefined && builtIn.number !== fromFile.number) {
        warn(fromFile.at, `${builtIn.name} is ${fromFile.number} here but ${builtIn.number} built in (decoded from the manual's packets); using ${fromFile.number}`);
      }
      if (builtIn.type !== fromFile.type) {
        warn(fromFile.at, `${builtIn.name} is ${fromFile.type} here but ${builtIn.type} built in; using ${fromFile.type}`);
      }
      attributes.push({ ...builtIn, number: fromFile.number, type: fromFile.type });
      continue;
    }
    const claimant = builtIn.number === undefined ? undefined : fileByNumber.get(builtIn.number);
    if (claimant) {
      warn(
        claimant.at,
        `number ${builtIn.number} is ${claimant.name} here but ${builtIn.name} built in; using ${claimant.name}, so ${builtIn.name} has no number`,
      );
      attributes.push({ ...builtIn, number: undefined });
      continue;
    }
    attributes.push(builtIn);
  }
  const builtInNames = new Set(Object.keys(FAXBACK_ATTRIBUTES).map((n) => n.toLowerCase()));
  for (const a of file.attributes) {
    if (!builtInNames.has(a.name.toLowerCase())) attributes.push({ name: a.name, number: a.number, type: a.type, use: [] });
  }

  const canonical = (name: string): string => attributes.find((a) => a.name.toLowerCase() === name.toLowerCase())?.name ?? name;
  const values = builtInValues();
  const fileValues: Array<readonly [string, string, number]> = [];
  for (const v of file.values) {
    const attribute = canonical(v.attribute);
    const builtIn = values.find(([a, n]) => a === attribute && n.toLowerCase() === v.name.toLowerCase());
    if (builtIn && builtIn[2] !== v.value) {
      warn(v.at, `${attribute} ${builtIn[1]} is ${v.value} here but ${builtIn[2]} built in; using ${v.value}`);
    }
    fileValues.push([attribute, v.name, v.value]);
  }
  // File values first, so their names win the number → name direction too.
  const kept = values.filter(([a, n]) => !fileValues.some(([fa, fn]) => fa === a && fn.toLowerCase() === n.toLowerCase()));
  return { dictionary: new FaxbackDictionary(attributes, [...fileValues, ...kept]), warnings };
}

/**
 * Reply attributes (spec §3.2 "In": reply) that have no number, so they cannot be sent (spec §8.4):
 * the features they carry are off. Logged at startup.
 */
export function unnumberedReplyAttributes(dictionary: FaxbackDictionary): FaxbackAttributeName[] {
  return (Object.keys(FAXBACK_ATTRIBUTES) as FaxbackAttributeName[]).filter(
    (name) => (FAXBACK_ATTRIBUTES[name].use as readonly AttributeUse[]).includes('reply') && dictionary.numberOf(name) === undefined,
  );
}

export interface ProfileRequirementProblem {
  /** The profile setting that needs the attribute, as a key path of FaxbackProfile; `dictionary` = always needed. */
  readonly setting: string;
  readonly attribute: FaxbackAttributeName;
  readonly message: string;
}

interface Requirement {
  readonly setting: string;
  readonly applies: (profile: FaxbackProfile) => boolean;
  readonly attributes: readonly FaxbackAttributeName[];
  readonly why: string;
}

const REQUIREMENTS: readonly Requirement[] = [
  { setting: 'dictionary', applies: () => true, attributes: ['FB-Command', 'FB-Context'], why: 'every Access-Request is dispatched on them (spec §1.2)' },
  {
    setting: 'uuidMode',
    applies: (p) => p.uuidMode,
    attributes: ['FB-Account-UUID', 'FB-Rcv-Failover-Account-UUID'],
    why: 'UUID mode requires both in the Account-Login reply (spec §6)',
  },
  { setting: 'answer.callAhead', applies: (p) => p.answer.callAhead, attributes: ['FB-Call-Ahead-Mode'], why: 'the call-ahead answer travels in it (spec §5)' },
  { setting: 'answer.getDidsForAccount', applies: (p) => p.answer.getDidsForAccount, attributes: ['FB-DID'], why: 'the reply lists the DIDs in it (spec §2.3 row 14)' },
];

/**
 * Why this profile cannot run with this dictionary: each setting that needs an attribute the
 * dictionary leaves unnumbered. Empty = fine. The caller refuses the configuration otherwise.
 */
export function profileRequirementProblems(profile: FaxbackProfile, dictionary: FaxbackDictionary): ProfileRequirementProblem[] {
  return REQUIREMENTS.filter((r) => r.applies(profile)).flatMap((r) =>
    r.attributes
      .filter((attribute) => dictionary.numberOf(attribute) === undefined)
      .map((attribute) => ({
        setting: r.setting,
        attribute,
        message:
          r.setting === 'dictionary'
            ? `${attribute} has no number in the FaxBack dictionary: ${r.why}`
            : `${r.setting} needs ${attribute}, which has no number in the FaxBack dictionary: ${r.why}; number it in the dictionary file`,
      })),
  );
}
