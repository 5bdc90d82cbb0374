// The `radius` package is our dictionary and attribute value codec — never our security boundary
// (spec libraries.md): framing, authenticators and signing are done in parser.ts, authenticators.ts
// and serializer.ts. Its dictionaries load globally, once.
import radius from 'radius';

// Internal API of radius 1.1.4 we rely on; @types/radius does not describe it.
interface RadiusInternals {
  load_dictionaries(): void;
  attr_name_to_id(name: string): string | undefined;
  attr_id_to_name(id: number | string): string | undefined;
  _attr_to(attr: number | string, vendor: number | undefined, target: number): unknown;
  encode_attributes(packet: Buffer, attributes: Array<[number | string, unknown]>, vendor: number): number;
  decode_attributes(data: Buffer, hash: Record<string, unknown>, vendor: number, raw?: Array<[number, Buffer]>): void;
  no_secret: boolean | undefined;
}

const lib = radius as unknown as RadiusInternals;
const NO_VENDOR = -1;
const ATTR_TYPE = 2;

let loaded = false;
function ensureLoaded(): void {
  if (!loaded) {
    lib.load_dictionaries();
    // Never let the library try to decrypt User-Password with stale global state: we do not use it.
    lib.no_secret = true;
    loaded = true;
  }
}

export type AttributeValueType = 'string' | 'text' | 'octets' | 'integer' | 'date' | 'ipaddr' | 'ipv6addr' | string;

export function attributeNumber(nameOrNumber: string | number): number | undefined {
  if (typeof nameOrNumber === 'number') return nameOrNumber;
  if (/^\d+$/.test(nameOrNumber)) return Number(nameOrNumber);
  ensureLoaded();
  const id = lib.attr_name_to_id(nameOrNumber);
  return id === undefined ? undefined : Number(id);
}

export function attributeName(type: number): string {
  ensureLoaded();
  return lib.attr_id_to_name(type) ?? `Attr-${type}`;
}

export function attributeValueType(type: number): AttributeValueType | undefined {
  ensureLoaded();
  return lib._attr_to(type, NO_VENDOR, ATTR_TYPE) as AttributeValueType | undefined;
}

/** RFC 2865 §5: one attribute value holds at most 253 octets. */
export const MAX_ATTRIBUTE_VALUE = 253;

export class AttributeEncodingError extends Error {
  override name = 'AttributeEncodingError';
}

/**
 * Encodes attributes in exactly the given order (spec §4.3: the FireBrick reads CUI/CLI/route
 * interleaving by position). Values: text, integers (or dictionary enum names), dotted IPv4, or raw
 * Buffers. Empty text is refused rather than silently skipped as the library would (RFC 2865 §5).
 */
export function encodeAttributes(attributes: ReadonlyArray<readonly [number, string | number | Buffer]>): Buffer {
  ensureLoaded();
  const pairs: Array<[number, unknown]> = [];
  for (const [type, value] of attributes) {
    if (!Number.isInteger(type) || type < 1 || type > 255) {
      throw new AttributeEncodingError(`attribute type ${type} is out of range`);
    }
    const kind = attributeValueType(type);
    // Text for any octet-string type (string, text, octets such as Class): the FireBrick's values are UTF-8.
    if (typeof value === 'string' && kind !== 'integer' && kind !== 'date' && kind !== 'time' && kind !== 'ipaddr' && kind !== 'ipv6addr') {
      const bytes = Buffer.from(value, 'utf8');
      pairs.push([type, bytes]);
      continue;
    }
    if (kind === 'date' && typeof value === 'number') {
      // The library wants a Date here; seconds since 1970 (RFC 2865 §5 "time") are clearer to callers.
      const bytes = Buffer.alloc(4);
      bytes.writeUInt32BE(value >>> 0);
      pairs.push([type, bytes]);
      continue;
    }
    if (kind === 'ipv6addr' && typeof value === 'string') {
      throw new AttributeEncodingError(`${attributeName(type)}: pass IPv6 addresses as 16-byte Buffers`);
    }
    pairs.push([type, value]);
  }
  for (const [type, value] of pairs) {
    if (Buffer.isBuffer(value) && (value.length === 0 || value.length > MAX_ATTRIBUTE_VALUE)) {
      throw new AttributeEncodingError(
        `${attributeName(type)}: value of ${value.length} octets (RFC 2865 §5 allows 1..${MAX_ATTRIBUTE_VALUE})`,
      );
    }
  }
  const out = Buffer.alloc(4096);
  let length: number;
  try {
    length = lib.encode_attributes(out, pairs, NO_VENDOR);
  } catch (err) {
    throw new AttributeEncodingError((err as Error).message);
  }
  return out.subarray(0, length);
}

/** Human-readable decode for logs and operator tools (not used for decisions). */
export function describeAttributes(body: Buffer): Record<string, unknown> {
  ensureLoaded();
  const hash: Record<string, unknown> = {};
  try {
    lib.decode_attributes(body, hash, NO_VENDOR);
  } catch {
    // The caller validated framing already; a value the library cannot render is left out.
  }
  return hash;
}
