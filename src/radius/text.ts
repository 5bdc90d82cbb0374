// Text attribute values (RFC 2865 §5): 1..253 octets of UTF-8.
import { MAX_ATTRIBUTE_VALUE } from './dictionary.js';

/** Cuts `text` to at most `max` octets on a character boundary, rather than fail to send it. */
export function fitText(text: string, max = MAX_ATTRIBUTE_VALUE): string {
  if (Buffer.byteLength(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}
