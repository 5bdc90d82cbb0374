// Bearer tokens of the admin API (README → Console and API). Only a token's SHA-256 is kept: a token
// is 32 random bytes, so a fast hash is as safe as a slow one, and checking one costs microseconds on
// every request. The token itself is shown once, by `firebridge token add`.

/** What a token may do: read-only reads; operator also changes subscribers, features, calls; admin everything (tokens, rules). */
export const API_ROLES = ['read-only', 'operator', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiTokenRecord {
  /** Public part of the token (`fbt_<id>_<secret>`): finds the record without a scan. */
  readonly id: string;
  /** Who or what holds it ("noc-dashboard", "alice"): named in the audit stream. */
  readonly name: string;
  readonly role: ApiRole;
  /** SHA-256 of the secret part, lower-case hex. */
  readonly hash: string;
  /** ms since the epoch. */
  readonly createdAt: number;
}

export interface TokenStore {
  put(token: ApiTokenRecord): Promise<void>;
  get(id: string): Promise<ApiTokenRecord | undefined>;
  list(): Promise<ApiTokenRecord[]>;
  delete(id: string): Promise<boolean>;
}

export function tokenToHash(t: ApiTokenRecord): Record<string, string> {
  return { id: t.id, name: t.name, role: t.role, hash: t.hash, created_at: String(t.createdAt) };
}

export function tokenFromHash(h: Record<string, string>): ApiTokenRecord | undefined {
  if (!h.id || !h.hash || !(API_ROLES as readonly string[]).includes(h.role ?? '')) return undefined;
  return { id: h.id, name: h.name ?? '', role: h.role as ApiRole, hash: h.hash, createdAt: Number(h.created_at) || 0 };
}

export const byName = (a: ApiTokenRecord, b: ApiTokenRecord): number => a.name.localeCompare(b.name) || a.createdAt - b.createdAt;
