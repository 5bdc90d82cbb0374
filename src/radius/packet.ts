// The decoded shape of a RADIUS packet (RFC 2865 §3, §5). Attributes stay in wire order with raw
// values: the FireBrick gives meaning to order (spec §4.3) and to numbers the dictionaries disagree on
// (SIP-AOR 121 vs 122, spec §9.1), so nothing is renamed or regrouped here.
export interface Attribute {
  readonly type: number;
  readonly value: Buffer;
}

export interface RadiusPacket {
  readonly code: number;
  readonly identifier: number;
  /** The 16-octet Request (or Response) Authenticator. */
  readonly authenticator: Buffer;
  readonly attributes: readonly Attribute[];
  /** Exactly Length octets of the datagram; padding beyond Length is not included (RFC 2865 §3). */
  readonly raw: Buffer;
}

export const HEADER_LENGTH = 20;
export const MAX_PACKET_LENGTH = 4096;
export const AUTHENTICATOR_OFFSET = 4;
export const AUTHENTICATOR_LENGTH = 16;

/** Read-side helpers over an attribute list; cheap enough for the packet path. */
export class AttributeReader {
  constructor(readonly list: readonly Attribute[]) {}

  first(type: number): Buffer | undefined {
    for (const a of this.list) if (a.type === type) return a.value;
    return undefined;
  }

  has(type: number): boolean {
    return this.first(type) !== undefined;
  }

  all(type: number): Buffer[] {
    const out: Buffer[] = [];
    for (const a of this.list) if (a.type === type) out.push(a.value);
    return out;
  }

  text(type: number): string | undefined {
    return this.first(type)?.toString('utf8');
  }

  integer(type: number): number | undefined {
    const v = this.first(type);
    return v && v.length === 4 ? v.readUInt32BE(0) : undefined;
  }

  ipv4(type: number): string | undefined {
    const v = this.first(type);
    return v && v.length === 4 ? `${v[0]}.${v[1]}.${v[2]}.${v[3]}` : undefined;
  }

  ipv6(type: number): string | undefined {
    const v = this.first(type);
    if (!v || v.length !== 16) return undefined;
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(v.readUInt16BE(i).toString(16));
    return compressIpv6(groups);
  }
}

function compressIpv6(groups: string[]): string {
  // RFC 5952 §4.2.3: the longest run (≥2) of zero groups becomes "::".
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  const head = groups.slice(0, bestStart).join(':');
  const tail = groups.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}
