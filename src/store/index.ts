export * from './auth-guard.js';
export * from './keys.js';
export * from './nonce-replay.js';
export * from './open.js';
export * from './store.js';
export * from './subscriber.js';
export { connectRedis, describeTopology, scanKeys, waitUntilReady, type RedisClient, type RedisTopology } from './redis/connection.js';
export * from './registrations.js';
export * from './calls.js';
