// Account UUIDs on the wire (spec §6): one setting chooses how firebridge writes them — 16 raw
// octets, `0x` + 32 hex digits, or the dashed 8-4-4-4-12 form — and all three are read on input
// (hex in any case, `0x` optional). Inside firebridge a UUID is 32 lower-case hex digits, as the
// store keeps it (FaxAccount.uuid).
import type { UuidEncoding } from './profile.js';

const HEX32 = /^[0-9a-f]{32}$/;
const DASHED = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/;

/** 32 lower-case hex digits, or undefined when the octets are none of the three encodings. */
export function readUuid(value: Buffer): string | undefined {
  if (value.length === 16) return value.toString('hex');
  const text = value.toString('latin1').toLowerCase();
  const bare = text.startsWith('0x') ? text.slice(2) : text;
  if (HEX32.test(bare)) return bare;
  const dashed = DASHED.exec(text);
  return dashed ? dashed.slice(1).join('') : undefined;
}

/** `uuid` (32 hex digits, any case) in the chosen encoding; undefined when it is not a UUID. */
export function writeUuid(uuid: string, encoding: UuidEncoding): Buffer | undefined {
  const hex = uuid.replace(/-/g, '').toLowerCase();
  if (!HEX32.test(hex)) return undefined;
  switch (encoding) {
    case 'binary':
      return Buffer.from(hex, 'hex');
    case 'hex':
      return Buffer.from(`0x${hex.toUpperCase()}`, 'latin1');
    case 'dash': {
      const u = hex.toUpperCase();
      return Buffer.from(`${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20)}`, 'latin1');
    }
  }
}
