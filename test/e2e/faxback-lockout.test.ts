// Port servers log clients in with PAP (spec §2.3 rows 1, 2), so passwords can be guessed through
// them: failed logins count towards a lockout like failed digests (guard.*), a locked account is
// refused even with the right password, and `firebridge fax account unlock` ends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/faxback/index.js';
import { Attr, Code } from '../../src/radius/index.js';
import { account } from '../faxback/support.js';
import { configFileFor, runCli } from '../support/cli.js';
import { PortServerStandIn, startFaxbackServer } from '../support/port-server.js';
import type { TestServer } from '../support/server.js';

const login = (name: string, password: string) => ({ command: 1, context: 1, userName: name, password });

describe('FaxBack login lockout', () => {
  let server: TestServer;
  let port: PortServerStandIn;
  beforeAll(async () => {
    server = await startFaxbackServer({ overrides: { guard: { maxFailuresPerUser: 3, windowSeconds: 300, lockoutSeconds: 900 } } });
    port = new PortServerStandIn('127.0.0.1', server.authPort, server.acctPort);
    await server.store.fax.putAccount({ ...account({ name: 'Acme' }), passwordHash: await hashPassword('right-one') });
  });
  afterAll(async () => {
    port?.close();
    await server?.stop();
  });

  const message = (r: Awaited<ReturnType<PortServerStandIn['access']>>): string | undefined =>
    r?.packet.attributes.find((a) => a.type === Attr.ReplyMessage)?.value.toString();

  it('locks the account after guard.maxFailuresPerUser wrong passwords, in any spelling of its name', async () => {
    for (const name of ['acme', 'ACME', 'Acme']) expect((await port.access(login(name, 'guess')))?.code).toBe(Code.AccessReject);
    const locked = await port.access(login('Acme', 'right-one'));
    expect(locked?.code).toBe(Code.AccessReject);
    expect(message(locked)).toBe('account locked after too many failed logins');
    expect(server.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('locked out user faxback:acme'))).toBe(true);
  });

  it('fax account unlock ends it, and the right password logs in again', async () => {
    const unlocked = await runCli(['fax', 'account', 'unlock', 'ACME', '--config', configFileFor(server.config), '--json']);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(JSON.parse(unlocked.stdout)).toEqual({ unlocked: 'ACME', guard: 'faxback:acme' });
    expect((await port.access(login('acme', 'right-one')))?.code).toBe(Code.AccessAccept);
  });
});
