// Sub-attribute values by dictionary wire type, both directions: integers 4 octets in network
// order, strings UTF-8 with no terminator or padding (spec §1.2), `date` Unix seconds (RFC 2865 §5).
import type { WireType } from './attributes.js';

const WIDTH: Partial<Record<WireType, number>> = { integer: 4, date: 4, signed: 4, short: 2, byte: 1 };

export type ValueEncoding = { readonly ok: true; readonly value: Buffer } | { readonly ok: false; readonly problem: string };

/** The octets of `value` as a `type` sub-attribute; a number out of range or a mismatched value is a problem. */
export function encodeWireValue(type: WireType, value: string | number | Buffer): ValueEncoding {
  if (Buffer.isBuffer(value)) return { ok: true, value };
  const width = WIDTH[type];
  if (width !== undefined) {
    const n = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
    const [min, max] = type === 'signed' ? [-0x80000000, 0x7fffffff] : [0, 2 ** (8 * width) - 1];
    if (!Number.isInteger(n) || n < min || n > max) return { ok: false, problem: `${String(value)} is not a ${type} (${min}..${max})` };
    const out = Buffer.alloc(width);
    if (type === 'signed') out.writeInt32BE(n);
    else out.writeUIntBE(n, 0, width);
    return { ok: true, value: out };
  }
  if (type === 'ipaddr') {
    const parts = String(value).split('.');
    if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return { ok: false, problem: `"${value}" is not a dotted IPv4 address` };
    return { ok: true, value: Buffer.from(parts.map(Number)) };
  }
  if (typeof value === 'number') return { ok: false, problem: `${value} given for a ${type} attribute` };
  // string and octets alike: text is written as UTF-8.
  return { ok: true, value: Buffer.from(value, 'utf8') };
}

/**
 * The value as record text: integers in decimal, `date` as Unix seconds, strings as UTF-8, octets as
 * lower-case hex. Undefined when the octets cannot be that type (an integer not 4 octets long): the
 * caller keeps such a value raw.
 */
export function decodeWireValue(type: WireType, value: Buffer): string | undefined {
  const width = WIDTH[type];
  if (width !== undefined) {
    if (value.length !== width) return undefined;
    return String(type === 'signed' ? value.readInt32BE(0) : value.readUIntBE(0, width));
  }
  switch (type) {
    case 'ipaddr':
      return value.length === 4 ? [...value].join('.') : undefined;
    case 'octets':
      return value.toString('hex');
    default:
      return value.toString('utf8');
  }
}
