// A FaxBack port server's side of the wire, for the end-to-end tests: its requests written with the
// dialect's own encoder (faxback/encode-request.ts, as a port server writes them: no
// Message-Authenticator, FB-Command and FB-Context in one VSA), sent over real UDP; the dictionary
// files a test gives firebridge (`faxback.dictionary`) and radclient (`-d DIR`), both generated from
// the dialect's attribute table so the two always agree; and a firebridge serving one port server.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAXBACK_VALUES } from '../../src/faxback/attributes.js';
import {
  BUILT_IN_DICTIONARY,
  FAXBACK_ATTRIBUTES,
  faxAccountingAttributes,
  faxbackRequestAttributes,
  loadDictionary,
  parseDictionaryFile,
  type FaxAccountingSpec,
  type FaxbackAttributeName,
  type FaxbackDictionary,
  type FaxbackRequestSpec,
} from '../../src/faxback/index.js';
import { Code, hideUserPassword, serializeRequest } from '../../src/radius/index.js';
import { FirebrickStandIn, type Reply } from './firebrick-standin.js';
import { startTestServer, TEST_SECRET, type TestServer } from './server.js';

/** Where FreeRADIUS keeps its own dictionaries (freeradius-common); the test dictionary includes them. */
export const FREERADIUS_DICTIONARY = '/usr/share/freeradius/dictionary';

/**
 * A `faxback.dictionary` file numbering the given attributes, each with its type from the dialect's
 * table (FAXBACK_ATTRIBUTES): what an operator's vendor file would say for them.
 */
export function dictionaryFileText(numbers: Readonly<Partial<Record<FaxbackAttributeName, number>>>): string {
  const lines = Object.entries(numbers).map(([name, n]) => `ATTRIBUTE\t${name}\t${n}\t${FAXBACK_ATTRIBUTES[name as FaxbackAttributeName].type}`);
  return ['VENDOR\tFaxBack\t30694', 'BEGIN-VENDOR\tFaxBack', ...lines, 'END-VENDOR\tFaxBack', ''].join('\n');
}

/** Writes `text` as a dictionary file of its own directory; returns its path. */
export function writeDictionaryFile(text: string, name = 'faxback.dictionary'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'firebridge-faxdict-')), name);
  writeFileSync(file, text);
  return file;
}

/** The dictionary firebridge runs with when given `text` as `faxback.dictionary`. */
export function dictionaryFrom(text: string): FaxbackDictionary {
  const parsed = parseDictionaryFile(text, 'test.dictionary');
  if (!parsed.ok) throw new Error(`test dictionary does not parse: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return loadDictionary(parsed.dictionary).dictionary;
}

/**
 * The FreeRADIUS vendor file for radclient: every attribute `dictionary` numbers, and the value
 * names of the dialect's table (FAXBACK_VALUES) for those attributes.
 */
export function freeradiusVendorFile(dictionary: FaxbackDictionary): string {
  const numbered = dictionary.attributes().filter((a) => a.number !== undefined);
  const attributes = numbered.map((a) => `ATTRIBUTE\t${a.name}\t${a.number}\t${a.type}`);
  const values = numbered.flatMap((a) =>
    Object.entries(FAXBACK_VALUES[a.name as FaxbackAttributeName] ?? {}).map(([name, value]) => `VALUE\t${a.name}\t${name}\t${value}`),
  );
  return ['VENDOR\tFaxBack\t30694', 'BEGIN-VENDOR\tFaxBack', ...attributes, ...values, 'END-VENDOR\tFaxBack', ''].join('\n');
}

/** A radclient `-d` directory: `dictionary` includes FreeRADIUS's own and the FaxBack vendor file. */
export function radclientDictionaryDir(dictionary: FaxbackDictionary = BUILT_IN_DICTIONARY): string {
  const dir = mkdtempSync(join(tmpdir(), 'firebridge-raddb-'));
  writeFileSync(join(dir, 'dictionary.faxback'), freeradiusVendorFile(dictionary));
  writeFileSync(join(dir, 'dictionary'), `$INCLUDE ${FREERADIUS_DICTIONARY}\n$INCLUDE dictionary.faxback\n`);
  return dir;
}

export interface PortServerRequest extends Omit<FaxbackRequestSpec, 'hiddenPassword'> {
  /** Clear text, hidden with the secret and the packet's authenticator (RFC 2865 §5.2). */
  readonly password?: string;
}

/** Sends what a port server sends, over UDP, and waits for the reply whose authenticator checks. */
export class PortServerStandIn {
  private readonly udp: FirebrickStandIn;
  private nextId = 0;

  constructor(
    private readonly host: string,
    private readonly authPort: number,
    private readonly acctPort: number,
    private readonly dictionary: FaxbackDictionary = BUILT_IN_DICTIONARY,
    private readonly secret = Buffer.from(TEST_SECRET),
  ) {
    this.udp = new FirebrickStandIn(host, authPort, acctPort, secret);
  }

  close(): void {
    this.udp.close();
  }

  /** An Access-Request as a port server writes it; undefined when no reply came in `timeoutMs`. */
  access(r: PortServerRequest, timeoutMs?: number): Promise<Reply | undefined> {
    const authenticator = randomBytes(16);
    const { password, ...spec } = r;
    const attributes = faxbackRequestAttributes(this.dictionary, {
      ...spec,
      ...(password !== undefined ? { hiddenPassword: hideUserPassword(password, this.secret, authenticator) } : {}),
    });
    const packet = serializeRequest(Code.AccessRequest, this.id(), attributes, this.secret, { messageAuthenticator: false, authenticator });
    return this.udp.sendRaw(packet, this.authPort, timeoutMs);
  }

  /** An Accounting-Request; every call has a new Identifier, as a port server's resent Stop has. */
  accounting(r: FaxAccountingSpec, timeoutMs?: number): Promise<Reply | undefined> {
    const packet = serializeRequest(Code.AccountingRequest, this.id(), faxAccountingAttributes(this.dictionary, r), this.secret);
    return this.udp.sendRaw(packet, this.acctPort, timeoutMs);
  }

  /** Any datagram to the authentication port (a reply is matched by Identifier and authenticator). */
  raw(packet: Buffer, timeoutMs?: number): Promise<Reply | undefined> {
    return this.udp.sendRaw(packet, this.authPort, timeoutMs);
  }

  private id(): number {
    return this.nextId++ % 256;
  }
}

export const PORT_SERVER = 'fax1';

/**
 * A firebridge whose 127.0.0.1 client is a FaxBack port server (`kind: faxback`, named fax1),
 * with `faxback` client settings and the other configuration sections of `overrides`.
 */
export function startFaxbackServer(options: { profile?: Record<string, unknown>; dictionaryFile?: string; overrides?: Record<string, unknown> } = {}): Promise<TestServer> {
  return startTestServer({
    clients: [{ kind: 'faxback', name: PORT_SERVER, address: '127.0.0.1', secret: TEST_SECRET, ...(options.profile ? { faxback: options.profile } : {}) }],
    ...(options.dictionaryFile ? { faxback: { dictionary: options.dictionaryFile } } : {}),
    ...options.overrides,
  });
}
