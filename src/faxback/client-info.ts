// FB-Client-Info (spec §3.2, [p.33]): a `;TAG=value` list the client builds — FV file version, MN
// machine name, IP the client's address as the port server sees it, UN an optional value.
export interface ClientInfo {
  /** As received, for logs. */
  readonly raw: string;
  /** Tag → value; the first of a repeated tag wins; a part without `=` is a tag with an empty value. */
  readonly tags: Readonly<Record<string, string>>;
}

export function parseClientInfo(raw: string): ClientInfo {
  const tags: Record<string, string> = {};
  for (const part of raw.split(';')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const tag = eq < 0 ? part : part.slice(0, eq);
    // Defined, not assigned: a tag named `__proto__` from the wire must not change the object's prototype.
    if (!Object.hasOwn(tags, tag)) Object.defineProperty(tags, tag, { value: eq < 0 ? '' : part.slice(eq + 1), enumerable: true, writable: true, configurable: true });
  }
  return { raw, tags };
}
