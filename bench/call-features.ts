// The call-features workload's callees (issue 18 item 5): extensions 201..299 with a follow-me leg
// and a no-answer forward to their voicemail, so the shipped rule "extension with call features"
// (routing-rules/20-internal.yaml) routes every call to them. Written through the subscriber store,
// as `firebridge subscriber set` would, for that workload only: the plain INVITE (c) calls the same
// extensions and must keep taking the "extension" rule.
import { Redis } from 'ioredis';
import { redisStore, type Store } from '../src/store/index.js';
import type { CallFeatures } from '../src/store/subscriber.js';
import { subscriberRecord } from './servers.js';
import { EXTENSIONS } from './subscribers.js';

/** 200 is the sales ring group of 20-internal.yaml, so the callees are 201..299 (subscribers 1..99). */
export const FEATURE_CALLEES = { first: 1, count: EXTENSIONS - 1 } as const;

export function featureCalleeNumber(random: number): string {
  return String(200 + FEATURE_CALLEES.first + Math.floor(random * FEATURE_CALLEES.count));
}

/** What each callee has set: `--follow-me 15+sip:u000NN@mobile.example --voicemail … --forward-no-answer voicemail --answer-timeout 25`. */
export function benchFeatures(number: string, username: string): CallFeatures {
  return {
    followMe: [{ target: { kind: 'sip', uri: `sip:${username}@mobile.example.com` }, delaySeconds: 15 }],
    voicemail: `sip:vm-${number}@voicemail.example.com`,
    forwardNoAnswer: { kind: 'voicemail' },
    noAnswerSeconds: 25,
  };
}

/** The legs the server should answer a call to `number` with (checked by test/bench/). */
export function expectedFeatureLegs(number: string, username: string): string[] {
  return [`tel:${number}`, `15+sip:${username}@mobile.example.com`, `25+sip:vm-${number}@voicemail.example.com`];
}

async function putCallees(store: Store, withFeatures: boolean): Promise<void> {
  await Promise.all(
    Array.from({ length: FEATURE_CALLEES.count }, (_, i) => {
      const record = subscriberRecord(FEATURE_CALLEES.first + i);
      return store.subscribers.put(withFeatures ? { ...record, features: benchFeatures(record.number!, record.username) } : record);
    }),
  );
}

/**
 * Gives the callees their features; the returned function takes them away again (the callee index
 * stays, without features: the plain INVITE's rule still reads it in one HGETALL, as it does when
 * there is none).
 */
export async function giveCallFeatures(store: Store): Promise<() => Promise<void>> {
  await putCallees(store, true);
  return () => putCallees(store, false);
}

/** The same on the benchmark's Redis, each step on a connection of its own. */
export async function seedCallFeatures(url: string): Promise<() => Promise<void>> {
  const onRedis = async (withFeatures: boolean): Promise<void> => {
    const store = redisStore(new Redis(url, { enableAutoPipelining: true }), 'fb:');
    try {
      await putCallees(store, withFeatures);
    } finally {
      await store.close();
    }
  };
  await onRedis(true);
  return () => onRedis(false);
}
