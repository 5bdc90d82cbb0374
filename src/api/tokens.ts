// Admin API bearer tokens: `fbt_<id>_<secret>`. The id finds the stored record in one read; only the
// secret's SHA-256 is stored (store/tokens.ts), compared in constant time. Pure but for the random
// draw of a new token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_ROLES, type ApiRole, type ApiTokenRecord } from '../store/index.js';

const TOKEN = /^fbt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const sha256 = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new token: the text to hand out once, and the record to store. */
export function newToken(name: string, role: ApiRole, now: number): { token: string; record: ApiTokenRecord } {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { token: `fbt_${id}_${secret}`, record: { id, name, role, hash: sha256(secret), createdAt: now } };
}

/** The parts of a presented token, or undefined when it is not one (no store read for garbage). */
export function readToken(text: string): { id: string; secret: string } | undefined {
  const m = TOKEN.exec(text);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export function tokenMatches(record: ApiTokenRecord, secret: string): boolean {
  const want = Buffer.from(record.hash, 'hex');
  const got = Buffer.from(sha256(secret), 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}

/** Roles are ordered: each may do what the ones before it may. */
export function roleAllows(have: ApiRole, need: ApiRole): boolean {
  return API_ROLES.indexOf(have) >= API_ROLES.indexOf(need);
}
