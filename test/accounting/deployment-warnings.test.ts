// The start-up warnings about what the Redis in use cannot promise (issue 15 item 8). Pure; the
// e2e durability test checks them against real redis-server processes.
import { describe, expect, it } from 'vitest';
import { deploymentWarnings } from '../../src/accounting/deployment-warnings.js';
import { infoFields, onlineReplicas } from '../../src/store/redis/replication.js';

const sound = { node: '10.0.0.5:6379', aofEnabled: true, appendfsync: 'everysec', connectedReplicas: 1 };

describe('deployment warnings', () => {
  it('none for an AOF master with the replicas asked for', () => {
    expect(deploymentWarnings([sound], { durability: 'replicated', replicas: 1, journal: false })).toEqual([]);
    expect(deploymentWarnings([{ ...sound, connectedReplicas: 0 }], { durability: 'stored', replicas: 1, journal: false })).toEqual([]);
  });

  it('no AOF, or appendfsync no, on any master', () => {
    const [noAof] = deploymentWarnings([{ ...sound, aofEnabled: false }], { durability: 'stored', replicas: 1, journal: false });
    expect(noAof).toMatch(/^Redis 10\.0\.0\.5:6379 has no append-only file \(appendonly no\)/);
    const [lazy] = deploymentWarnings([sound, { ...sound, node: 'b:6379', appendfsync: 'no' }], { durability: 'stored', replicas: 1, journal: false });
    expect(lazy).toMatch(/^Redis b:6379 has appendfsync no/);
  });

  it('replicated with fewer replicas than asked for says what happens, with and without a journal', () => {
    const short = { ...sound, connectedReplicas: 1 };
    expect(deploymentWarnings([short], { durability: 'replicated', replicas: 2, journal: false })).toEqual([
      'accounting.durability is replicated with 2 replicas, but Redis 10.0.0.5:6379 has 1 connected: no accounting will be acknowledged until enough replicas connect',
    ]);
    expect(deploymentWarnings([short], { durability: 'replicated', replicas: 2, journal: true })[0]).toMatch(/every accounting record will go to the journal/);
  });

  it('counts only online replicas from INFO replication', () => {
    const info = infoFields(
      '# Replication\r\nrole:master\r\nconnected_slaves:2\r\nslave0:ip=127.0.0.1,port=7001,state=online,offset=10,lag=0\r\nslave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=0\r\n',
    );
    expect(info.get('connected_slaves')).toBe('2');
    expect(onlineReplicas(info)).toBe(1);
  });
});
