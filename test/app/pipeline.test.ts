// The pipeline's dispatch: each request goes to the dialect of the client that sent it. Real UDP,
// the in-process store (nothing here needs Redis).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Attr, Code } from '../../src/radius/index.js';
import { FirebrickStandIn } from '../support/firebrick-standin.js';
import { startTestServer, TEST_SECRET, type TestServer } from '../support/server.js';
import { until } from '../support/wait.js';

const IN_PROCESS = { keyPrefix: 'pipeline:' };

/** The request line the server logged for a client, once it is there. */
function requestLine(server: TestServer, client: string, outcome: string): Promise<Record<string, unknown>> {
  return until(`a request line of ${client} with outcome ${outcome}`, () => server.logs.find((l) => l.msg === 'request' && l.client === client && l.outcome === outcome));
}

describe('dispatch by client kind', () => {
  let server: TestServer;
  let fax: FirebrickStandIn;
  let fb: FirebrickStandIn;
  beforeAll(async () => {
    server = await startTestServer({
      redis: IN_PROCESS,
      clients: [
        { kind: 'faxback', name: 'fax1', address: '127.0.0.1', secret: TEST_SECRET },
        { name: 'fb6', address: '::1', secret: TEST_SECRET },
      ],
    });
    fax = new FirebrickStandIn('127.0.0.1', server.authPort, server.acctPort);
    fb = new FirebrickStandIn('::1', server.authPort, server.acctPort);
  });
  afterAll(async () => {
    fax?.close();
    fb?.close();
    await server?.stop();
  });

  it('a FaxBack port server is not answered yet (outcome faxback:unsupported); a FireBrick beside it is', async () => {
    void fax.send(Code.AccessRequest, [[Attr.UserName, 'fax-user']], 5_000);
    void fax.send(Code.AccountingRequest, [[Attr.AcctStatusType, 1], [Attr.AcctSessionId, 'fax-1']], 5_000);
    const lines = await until('both FaxBack request lines', () => {
      const found = server.logs.filter((l) => l.msg === 'request' && l.client === 'fax1');
      return found.length === 2 ? found : undefined;
    });
    expect(lines.map((l) => [l.code, l.reply, l.outcome]).sort()).toEqual([
      ['Access-Request', 'none', 'faxback:unsupported'],
      ['Accounting-Request', 'none', 'faxback:unsupported'],
    ]);
    const challenge = await fb.send(Code.AccessRequest, [[Attr.DigestMethod, 'REGISTER'], [Attr.DigestUri, 'sip:fb.example']]);
    expect(challenge?.code).toBe(Code.AccessChallenge);
    expect(await requestLine(server, 'fb6', 'challenge')).toMatchObject({ reply: 'Access-Challenge' });
  });
});
