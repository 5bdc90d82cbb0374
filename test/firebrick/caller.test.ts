// Spec §1.1, §8.5 step 5: who is asking, from the identities a FireBrick request carries, and the
// names a caller is counted under (lockouts, active calls, the legs of its calls).
import { describe, expect, it } from 'vitest';
import { accountName, callerKey, callerName, type AccountKey, type CallerIds } from '../../src/firebrick/caller.js';

describe('callerKey', () => {
  it.each<[string, CallerIds, AccountKey | undefined]>([
    ['a carrier (V1.25+ User-Name)', { userName: '@carrierA', cui: 'c1', digestUsername: 'alice', digestRealm: 'r' }, { by: 'carrier', carrier: 'carrierA' }],
    ['a local phone, by CUI before its digest', { userName: 'desk', cui: 'c1', digestUsername: 'alice', digestRealm: 'r' }, { by: 'cui', cui: 'c1', userName: 'desk' }],
    ['a subscriber, by Digest-Username and Digest-Realm', { userName: 'sip:alice@192.0.2.1', digestUsername: 'alice', digestRealm: 'r' }, { by: 'digest-username', username: 'alice', realm: 'r' }],
    ['a carrier (V1.24.087 Digest-Username only)', { digestUsername: '@carrierB' }, { by: 'carrier', carrier: 'carrierB' }],
    ['nobody yet', { userName: 'sip:alice@192.0.2.1' }, undefined],
  ])('%s', (_what, ids, key) => expect(callerKey(ids)).toEqual(key));
});

describe('the names callers are counted under', () => {
  it('subscriber realm:username, local phone cui:<CUI>, carrier @name', () => {
    expect(accountName({ by: 'digest-username', username: 'alice', realm: 'example.com' })).toBe(callerName.subscriber('example.com', 'alice'));
    expect(accountName({ by: 'digest-username', username: 'alice', realm: 'example.com' })).toBe('example.com:alice');
    expect(accountName({ by: 'cui', cui: 'c1', userName: undefined })).toBe('cui:c1');
    expect(accountName({ by: 'carrier', carrier: 'carrierA' })).toBe('@carrierA');
  });
});
