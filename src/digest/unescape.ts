// Un-escaping of Digest-* text attributes.
//
// RFC 5090 §2.1.2 and §3: the RADIUS client copies a quoted-string parameter (username, realm,
// nonce, uri, cnonce, opaque, …) from the SIP Authorization header into its attribute with the
// surrounding quotes removed but the backslash escapes left in. The hash, however, is defined over
// the unquoted, un-escaped value (RFC 2617 §3.2.2 uses the values of the directives, and a
// quoted-string's value is its content with each quoted-pair `\x` standing for `x` — RFC 2616
// §2.2). So the server must un-escape before it hashes or looks anything up.

/**
 * Replace every quoted-pair `\x` by `x` (so `\"` → `"` and `\\` → `\`). A lone backslash at the end
 * cannot be a quoted-pair; it is kept rather than dropped so no input byte silently disappears.
 */
export function unescapeDigestValue(text: string): string {
  // Almost every real value has no backslash at all: return it without allocating.
  let i = text.indexOf('\\');
  if (i < 0) return text;
  let out = '';
  let from = 0;
  while (i >= 0 && i + 1 < text.length) {
    out += text.slice(from, i);
    from = i + 1; // keep the escaped character itself, whatever it is
    i = text.indexOf('\\', i + 2);
  }
  return out + text.slice(from);
}
