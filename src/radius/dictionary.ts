// The `radius` package is our dictionary (attribute names, wire types, value names) and the decoder
// behind describeAttributes for logs — never our security boundary (spec libraries.md): framing,
// authenticators and signing are done in parser.ts, authenticators.ts and serializer.ts, and
// attribute values are written by encodeAttributes below. Its dictionaries load globally, once.
import radius from 'radius';

// Internal API of radius 1.1.4 we rely on; @types/radius does not describe it.
interface RadiusInternals {
  load_dictionaries(): void;
  attr_name_to_id(name: string): string | undefined;
  attr_id_to_name(id: number | string): string | undefined;
  _attr_to(attr: number | string, vendor: number | undefined, target: number): unknown;
  decode_attributes(data: Buffer, hash: Record<string, unknown>, vendor: number, raw?: Array<[number, Buffer]>): void;
  no_secret: boolean | undefined;
}

const lib = radius as unknown as RadiusInternals;
const NO_VENDOR = -1;
const ATTR_TYPE = 2;
const ATTR_ENUM = 3;
const ATTR_REVERSE_ENUM = 4;

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

// Asked for every attribute of every reply; the dictionaries do not change once loaded.
const valueTypes = new Map<number, AttributeValueType | undefined>();

export function attributeValueType(type: number): AttributeValueType | undefined {
  if (valueTypes.has(type)) return valueTypes.get(type);
  ensureLoaded();
  const kind = lib._attr_to(type, NO_VENDOR, ATTR_TYPE) as AttributeValueType | undefined;
  valueTypes.set(type, kind);
  return kind;
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
  // Our own writer (the library's allocates per value and uses the deprecated Buffer constructor);
  // the dictionary still says which wire type each attribute has.
  const values: Buffer[] = [];
  let total = 0;
  for (const [type, value] of attributes) {
    if (!Number.isInteger(type) || type < 1 || type > 255) {
      throw new AttributeEncodingError(`attribute type ${type} is out of range`);
    }
    const bytes = encodeValue(type, value);
    if (bytes.length === 0 || bytes.length > MAX_ATTRIBUTE_VALUE) {
      throw new AttributeEncodingError(
        `${attributeName(type)}: value of ${bytes.length} octets (RFC 2865 §5 allows 1..${MAX_ATTRIBUTE_VALUE})`,
      );
    }
    values.push(bytes);
    total += 2 + bytes.length;
  }
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < values.length; i++) {
    const bytes = values[i]!;
    out[offset] = attributes[i]![0];
    out[offset + 1] = 2 + bytes.length;
    bytes.copy(out, offset + 2);
    offset += 2 + bytes.length;
  }
  return out;
}

function uint32(value: number, name: () => string): Buffer {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new AttributeEncodingError(`${name()}: ${value} is not a 32-bit unsigned integer`);
  }
  const bytes = Buffer.allocUnsafe(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

function encodeValue(type: number, value: string | number | Buffer): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const kind = attributeValueType(type);
  const name = (): string => attributeName(type);
  switch (kind) {
    case 'integer':
    case 'date':
    case 'time': {
      if (typeof value === 'number') return uint32(value, name);
      // Integer attributes may be given by their dictionary value name (Acct-Status-Type "Start").
      const numeric = /^\d+$/.test(value) ? Number(value) : enumValue(type, value);
      if (numeric === undefined) throw new AttributeEncodingError(`${name()}: "${value}" is not a number or a known value name`);
      return uint32(numeric, name);
    }
    case 'ipaddr': {
      const parts = String(value).split('.');
      if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
        throw new AttributeEncodingError(`${name()}: "${value}" is not a dotted IPv4 address`);
      }
      return Buffer.from(parts.map(Number));
    }
    case 'ipv6addr':
      throw new AttributeEncodingError(`${name()}: pass IPv6 addresses as 16-byte Buffers`);
    default:
      // Text for any octet-string type (string, text, octets such as Class): the FireBrick's values are UTF-8.
      return Buffer.from(String(value), 'utf8');
  }
}

function enumValue(type: number, valueName: string): number | undefined {
  ensureLoaded();
  const names = lib._attr_to(type, NO_VENDOR, ATTR_REVERSE_ENUM) as Record<string, string> | undefined;
  const v = names?.[valueName];
  return v === undefined ? undefined : Number(v);
}

/** The dictionary's name for an integer attribute's value ("Start" for Acct-Status-Type 1), if it has one. */
export function attributeValueLabel(type: number, value: number): string | undefined {
  ensureLoaded();
  const names = lib._attr_to(type, NO_VENDOR, ATTR_ENUM) as Record<string, string> | undefined;
  return names?.[String(value)];
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
