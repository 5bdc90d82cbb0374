// The decoded shape of a RADIUS packet (RFC 2865 §3, §5). Attributes stay in wire order with raw
// values: the FireBrick gives meaning to order (spec §4.3) and to numbers the dictionaries disagree on
// (SIP-AOR 121 vs 122, spec §9.1), so nothing is renamed or regrouped here.
export interface Attribute {
  readonly type: number;
  readonly value: Buffer;
}

/**
 * An attribute as the parser found it: where its value lies in the packet, the value taken only when
 * asked for. A value is a Buffer, a typed array of its own over the datagram, and a packet has twenty
 * or so attributes, most of them only ever read as text or a number, or measured: an object each
 * that every request made and the collector swept (bench/steps.md, step 15).
 */
export class WireAttribute implements Attribute {
  private taken: Buffer | undefined = undefined;

  constructor(
    readonly type: number,
    /** The packet's octets; the value is [start, end) of them. */
    readonly octets: Buffer,
    readonly start: number,
    readonly end: number,
  ) {}

  get value(): Buffer {
    return (this.taken ??= this.octets.subarray(this.start, this.end));
  }
}

/** The length of an attribute's value, without taking the value out of its packet. */
export function valueLength(a: Attribute): number {
  return a instanceof WireAttribute ? a.end - a.start : a.value.length;
}

/** Copies an attribute's value into `target` at `at`; the octets copied. */
export function copyValue(a: Attribute, target: Buffer, at: number): number {
  return a instanceof WireAttribute ? a.octets.copy(target, at, a.start, a.end) : a.value.copy(target, at);
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

  private find(type: number): Attribute | undefined {
    for (const a of this.list) if (a.type === type) return a;
    return undefined;
  }

  first(type: number): Buffer | undefined {
    return this.find(type)?.value;
  }

  has(type: number): boolean {
    return this.find(type) !== undefined;
  }

  all(type: number): Buffer[] {
    const out: Buffer[] = [];
    for (const a of this.list) if (a.type === type) out.push(a.value);
    return out;
  }

  text(type: number): string | undefined {
    const a = this.find(type);
    if (a instanceof WireAttribute) return a.octets.toString('utf8', a.start, a.end);
    return a?.value.toString('utf8');
  }

  integer(type: number): number | undefined {
    const a = this.find(type);
    if (a instanceof WireAttribute) return a.end - a.start === 4 ? a.octets.readUInt32BE(a.start) : undefined;
    const v = a?.value;
    return v && v.length === 4 ? v.readUInt32BE(0) : undefined;
  }

  ipv4(type: number): string | undefined {
    const a = this.find(type);
    if (a === undefined || valueLength(a) !== 4) return undefined;
    return a instanceof WireAttribute ? dotted(a.octets, a.start) : dotted(a.value, 0);
  }

  ipv6(type: number): string | undefined {
    const v = this.first(type);
    if (!v || v.length !== 16) return undefined;
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(v.readUInt16BE(i).toString(16));
    return compressIpv6(groups);
  }
}

function dotted(octets: Buffer, at: number): string {
  return `${octets[at]}.${octets[at + 1]}.${octets[at + 2]}.${octets[at + 3]}`;
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
