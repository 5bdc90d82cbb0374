// The lab's Access-Request read back by the dialect, over the wire: the Digest-* the lab writes from
// a SIP Authorization header (one table, firebrick/digest-attributes.ts) arrive as the header's
// directives, escapes intact (RFC 5090 §2.1.2), for every firmware profile.
import { describe, expect, it } from 'vitest';
import { readAccessRequest } from '../../src/firebrick/access-request.js';
import { DIGEST_ATTRIBUTES } from '../../src/firebrick/digest-attributes.js';
import { accessRequestAttributes, LAB_PROFILES } from '../../src/lab/access-request.js';
import { parseDigestCredentials, parseSipRequest } from '../../src/lab/sip-message.js';
import { AttributeReader, Code, serializeRequest } from '../../src/radius/index.js';
import { parsePacket } from '../../src/radius/parser.js';

const AUTHORIZATION =
  'Digest username="al\\"ice", realm="firebridge", nonce="n1", uri="sip:fb.example", response="0123456789abcdef0123456789abcdef", algorithm=MD5, cnonce="c\\\\1", nc=00000002, qop=auth, opaque="op"';
const REGISTER = [
  'REGISTER sip:fb.example SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKaaa;rport',
  'From: <sip:201@fb.example>;tag=t1',
  'To: <sip:201@fb.example>',
  'Call-ID: reg-1@10.0.0.5',
  'CSeq: 7 REGISTER',
  'Contact: <sip:201@10.0.0.5:5062>',
  `Authorization: ${AUTHORIZATION}`,
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('lab → wire → dialect', () => {
  it.each(LAB_PROFILES)('%s: every Digest directive reads back into its field', (profile) => {
    const sip = parseSipRequest(REGISTER);
    if (!sip.ok) throw new Error(sip.reason);
    const attributes = accessRequestAttributes(sip.request, { profile, sipAorAttribute: 122, nasIdentifier: 'fb-lab', source: { address: '10.0.0.5', port: 5062 } });
    const secret = Buffer.from('a-test-secret-of-24-chars');
    const parsed = parsePacket(serializeRequest(Code.AccessRequest, 1, attributes, secret));
    if (!parsed.ok) throw new Error(parsed.reason);
    const read = readAccessRequest(new AttributeReader(parsed.packet.attributes), 'fb-lab');
    const header = parseDigestCredentials(AUTHORIZATION)!;
    for (const { field, directive } of DIGEST_ATTRIBUTES) {
      expect(read.digest[field], field).toBe(directive === undefined ? 'REGISTER' : header[directive]);
    }
  });
});
