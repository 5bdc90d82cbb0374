// Subscriber ⇄ Redis hash fields. Field names are what an operator sees in `redis-cli HGETALL`.
import { featuresFromHash, featuresToHash } from './features-codec.js';
import type { HashAlgorithmName, Subscriber } from './subscriber.js';

const HA1_FIELDS: Record<HashAlgorithmName, string> = {
  MD5: 'ha1_md5',
  'SHA-256': 'ha1_sha256',
  'SHA-512-256': 'ha1_sha512_256',
};

export function subscriberToHash(s: Subscriber): Record<string, string> {
  const h: Record<string, string> = { username: s.username, realm: s.realm, enabled: s.enabled ? '1' : '0' };
  for (const [alg, field] of Object.entries(HA1_FIELDS) as Array<[HashAlgorithmName, string]>) {
    const v = s.ha1[alg];
    if (v) h[field] = v;
  }
  if (s.password !== undefined) h.password = s.password;
  if (s.number !== undefined) h.number = s.number;
  if (s.cui !== undefined) h.cui = s.cui;
  if (s.maxRegistrations !== undefined) h.max_registrations = String(s.maxRegistrations);
  if (s.maxCalls !== undefined) h.max_calls = String(s.maxCalls);
  if (s.present?.length) h.present = s.present.join(',');
  if (s.maxDuration !== undefined) h.max_duration = String(s.maxDuration);
  Object.assign(h, featuresToHash(s.features));
  return h;
}

function optionalInt(v: string | undefined): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function subscriberFromHash(h: Record<string, string>): Subscriber | undefined {
  if (!h.username || h.realm === undefined) return undefined;
  const ha1: Partial<Record<HashAlgorithmName, string>> = {};
  for (const [alg, field] of Object.entries(HA1_FIELDS) as Array<[HashAlgorithmName, string]>) {
    const v = h[field];
    if (v) ha1[alg] = v.toLowerCase();
  }
  const maxRegistrations = optionalInt(h.max_registrations);
  const maxCalls = optionalInt(h.max_calls);
  const maxDuration = optionalInt(h.max_duration);
  const features = featuresFromHash(h);
  return {
    username: h.username,
    realm: h.realm,
    ha1,
    ...(h.password !== undefined ? { password: h.password } : {}),
    ...(h.number ? { number: h.number } : {}),
    ...(h.cui ? { cui: h.cui } : {}),
    enabled: h.enabled !== '0',
    ...(maxRegistrations !== undefined ? { maxRegistrations } : {}),
    ...(maxCalls !== undefined ? { maxCalls } : {}),
    ...(h.present ? { present: h.present.split(',').filter((n) => n !== '') } : {}),
    ...(maxDuration !== undefined ? { maxDuration } : {}),
    ...(Object.keys(features).length ? { features } : {}),
  };
}
