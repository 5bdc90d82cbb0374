// Shared by the launchers, the load and the read-back: loopback only, one key prefix.
export const HOST = '127.0.0.1';
export const KEY_PREFIX = 'fb:';
