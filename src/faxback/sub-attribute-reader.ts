// Read-side helpers over a request's FaxBack sub-attributes, by dictionary name: an attribute the
// dictionary leaves unnumbered is simply absent (it cannot be recognised on the wire, spec §8).
import type { FaxbackAttributeName } from './attributes.js';
import type { FaxbackDictionary } from './dictionary.js';
import type { SubAttribute } from './vsa.js';

export class SubAttributeReader {
  constructor(
    readonly list: readonly SubAttribute[],
    private readonly dictionary: FaxbackDictionary,
  ) {}

  first(name: FaxbackAttributeName): Buffer | undefined {
    const type = this.dictionary.numberOf(name);
    if (type === undefined) return undefined;
    for (const s of this.list) if (s.type === type) return s.value;
    return undefined;
  }

  text(name: FaxbackAttributeName): string | undefined {
    return this.first(name)?.toString('utf8');
  }

  /** A 4-octet integer (spec §1.2); undefined when absent or not 4 octets. */
  integer(name: FaxbackAttributeName): number | undefined {
    const v = this.first(name);
    return v && v.length === 4 ? v.readUInt32BE(0) : undefined;
  }
}
