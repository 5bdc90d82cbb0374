// Redis outages reach callers as StoreUnavailableError (redis/outages.ts); every other error — a
// wrong command, a WRONGTYPE, a defect of ours — passes through as it is. Against a real Redis that
// holds a wrong value, then is killed; the classification itself on ioredis's own error values.
import { ReplyError } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, NotReplicatedError, redisStore, StoreUnavailableError, waitUntilReady, type RedisClient, type Store } from '../../src/store/index.js';
import { isRedisOutage, typedOutages } from '../../src/store/redis/outages.js';
import { startRedisServer, type RedisServerHandle } from '../support/redis-server.js';

const errno = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:6379`), { code });

describe('isRedisOutage', () => {
  it.each([
    ['a command timeout', new Error('Command timed out')],
    ['a closed connection', new Error('Connection is closed.')],
    ['no offline queue', new Error("Stream isn't writeable and enableOfflineQueue options is false")],
    ['a refused connection', errno('ECONNREFUSED')],
    ['a reset connection', errno('ECONNRESET')],
    ['CLUSTERDOWN', new ReplyError('CLUSTERDOWN The cluster is down')],
    ['LOADING', new ReplyError('LOADING Redis is loading the dataset in memory')],
    ['READONLY', new ReplyError("READONLY You can't write against a read only replica.")],
    ['NOREPLICAS', new ReplyError('NOREPLICAS Not enough good replicas to write.')],
    ['MASTERDOWN', new ReplyError('MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.')],
    ['given up retrying', Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' })],
  ])('%s is an outage', (_what, err) => expect(isRedisOutage(err)).toBe(true));

  it.each([
    ['WRONGTYPE', new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value')],
    ['a script error', new ReplyError('ERR user_script:3: Script attempted to access nonexistent global variable')],
    ['a wrong command', new ReplyError("ERR unknown command 'HGETAL'")],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'realm')")],
    ['a SyntaxError from JSON.parse', new SyntaxError('Unexpected token } in JSON')],
    ['not an Error', 'Command timed out'],
  ])('%s is not', (_what, err) => expect(isRedisOutage(err)).toBe(false));
});

describe('typedOutages', () => {
  const part = typedOutages({
    timedOut: () => Promise.reject(new Error('Command timed out')),
    broken: () => Promise.reject(new TypeError('x is undefined')),
    throwsNow: (): number => {
      throw new Error('Connection is closed.');
    },
    notReplicated: () => Promise.reject(new NotReplicatedError(0, 1, 50)),
    plain: (n: number) => n + 1,
  });

  it('an outage becomes StoreUnavailableError under the same message, with the ioredis error as its cause', async () => {
    const err = await part.timedOut().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toBe('Command timed out');
    expect((err as Error).cause).toBeInstanceOf(Error);
    expect(((err as Error).cause as Error).message).toBe('Command timed out');
    expect(() => part.throwsNow()).toThrow(StoreUnavailableError);
  });

  it('anything else passes through untouched, and a typed error is not wrapped again', async () => {
    await expect(part.broken()).rejects.toThrow(TypeError);
    await expect(part.notReplicated()).rejects.toBeInstanceOf(NotReplicatedError);
    expect(part.plain(1)).toBe(2);
  });
});

describe('the Redis store', () => {
  let server: RedisServerHandle;
  let redis: RedisClient;
  let store: Store;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = connectRedis({ url: server.url, commandTimeoutMs: 500 });
    redis.on('error', () => {}); // the reconnects after the kill: what this test looks at is the commands
    await waitUntilReady(redis, 10_000);
    store = redisStore(redis, 'outages:');
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it('a WRONGTYPE is no outage; a killed Redis is, on every part', async () => {
    await redis.set('outages:sub:{example.com:alice}', 'not a hash');
    const wrongType = await store.subscribers.get('example.com', 'alice').catch((e: unknown) => e);
    expect(wrongType).toBeInstanceOf(ReplyError);
    expect(wrongType).not.toBeInstanceOf(StoreUnavailableError);

    await server.kill();
    const failures = await Promise.all([
      store.subscribers.get('example.com', 'bob').catch((e: unknown) => e),
      store.registrations.isRegistered('201').catch((e: unknown) => e),
      store.calls.activeCount('example.com:bob').catch((e: unknown) => e),
      store.lookup('did:201').catch((e: unknown) => e),
      store.authSnapshot({
        account: { realm: 'example.com', username: 'bob' },
        subjects: [{ scope: 'user', id: 'example.com:bob', maxFailures: 5 }],
        claim: { nonce: 'n', nc: '00000001', fingerprint: 'f', atMs: 0, ttlMs: 1_000 },
      }).catch((e: unknown) => e),
    ]);
    for (const err of failures) {
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).cause).toBeInstanceOf(Error);
    }
  });
});
